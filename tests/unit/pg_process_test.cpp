// Running programs as children: their output goes to the log given, they start in the
// directory given, their exit is described in words, and one that does not finish in time is
// killed.

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>

#include "pg/process.hpp"
#include "support/files.hpp"

namespace {

namespace fs = std::filesystem;
using recon::testing::TempDir;
using namespace std::chrono_literals;

// Runs `script` with /bin/sh in `dir`, its output in dir/out.log; returns its wait status.
int run_shell(const TempDir& dir, const std::string& script) {
  recon::pg::FdCloser log{recon::pg::open_log(dir.path / "out.log", true)};
  recon::pg::SpawnSpec spec;
  spec.program = "/bin/sh";
  spec.args = {"-c", script};
  spec.output_fd = log.fd;
  spec.cwd = dir.path;
  return recon::pg::wait_child(recon::pg::spawn(spec));
}

}  // namespace

TEST_CASE("a child writes to its log, runs in its directory and its exit is described",
          "[pg][process]") {
  TempDir dir;
  const int status = run_shell(dir, "pwd; echo to stderr >&2; read line || echo no input; exit 3");
  CHECK(recon::pg::describe_status(status) == "exit code 3");
  const std::string log = recon::testing::read_text(dir.path / "out.log");
  CHECK(log == fs::canonical(dir.path).string() + "\nto stderr\nno input\n");
}

TEST_CASE("a child gets none of the parent's open files", "[pg][process]") {
  TempDir dir;
  const int inherited = open((dir.path / "secret").c_str(), O_WRONLY | O_CREAT, 0600);
  REQUIRE(inherited >= 3);
  const int status = run_shell(dir, "ls /proc/self/fd");
  close(inherited);
  CHECK(recon::pg::describe_status(status) == "exit code 0");
  // 0, 1 and 2, and the directory ls reads /proc/self/fd through.
  CHECK(recon::testing::read_text(dir.path / "out.log") == "0\n1\n2\n3\n");
}

TEST_CASE("a program that cannot be run says why in its log, exit code 127", "[pg][process]") {
  TempDir dir;
  recon::pg::FdCloser log{recon::pg::open_log(dir.path / "out.log", true)};
  recon::pg::SpawnSpec spec;
  spec.program = dir.path / "no-such-program";
  spec.output_fd = log.fd;
  spec.cwd = dir.path;
  const int status = recon::pg::wait_child(recon::pg::spawn(spec));
  CHECK(recon::pg::describe_status(status) == "exit code 127");
  CHECK(recon::testing::read_text(dir.path / "out.log") ==
        "recon: " + spec.program.string() + ": No such file or directory\n");
}

TEST_CASE("a child that outlives its timeout is killed", "[pg][process]") {
  TempDir dir;
  recon::pg::SpawnSpec spec;
  spec.program = "/bin/sleep";
  spec.args = {"30"};
  spec.cwd = dir.path;
  const auto start = std::chrono::steady_clock::now();
  const int status = recon::pg::wait_child_or_kill(recon::pg::spawn(spec), 50ms);
  CHECK(std::chrono::steady_clock::now() - start < 20s);
  CHECK(recon::pg::describe_status(status) == "killed by signal 9 (Killed)");
}

TEST_CASE("the tail of a log is its last lines, indented", "[pg][process]") {
  TempDir dir;
  std::string text;
  for (int i = 1; i <= 30; ++i) text += "line " + std::to_string(i) + "\n";
  dir.write("server.log", text);
  CHECK(recon::pg::file_tail(dir.path / "server.log", 2) == "    line 29\n    line 30");
  dir.write("empty.log", "\n");
  CHECK(recon::pg::file_tail(dir.path / "empty.log") == "    (log is empty)");
  CHECK(recon::pg::file_tail(dir.path / "missing.log") ==
        "    (no log: " + (dir.path / "missing.log").string() + " could not be read)");
  CHECK_THROWS_AS(recon::pg::open_log(dir.path / "no" / "such" / "dir.log", false),
                  std::runtime_error);
}
