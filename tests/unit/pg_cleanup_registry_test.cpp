// The signal clean-up: on SIGTERM a process stops the child registered for each cluster
// directory, removes the directory, and then dies of the signal as it would have without the
// handler. Run in a forked copy of the test process, which the signal ends.

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "pg/cleanup_registry.hpp"
#include "pg/process.hpp"
#include "support/files.hpp"

namespace {

namespace fs = std::filesystem;

// The handlers leave an ignored signal ignored (nohup): the copy must see SIGTERM to test them.
void not_ignoring_sigterm() {
  struct sigaction old = {};
  if (sigaction(SIGTERM, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) signal(SIGTERM, SIG_DFL);
}

// In the forked copy: registers `dir` with a `sleep` child, writes the child's pid to
// `pid_file`, and raises SIGTERM. Never returns.
[[noreturn]] void register_and_signal(const fs::path& dir, const fs::path& pid_file) {
  not_ignoring_sigterm();
  recon::pg::install_cleanup_signal_handlers();
  const int slot = recon::pg::register_cleanup_dir(dir);
  if (slot < 0) _exit(2);
  recon::pg::SpawnSpec spec;
  spec.program = "/bin/sleep";
  spec.args = {"30"};
  spec.cwd = "/";
  const pid_t child = recon::pg::spawn(spec);
  recon::pg::set_cleanup_child(slot, child, SIGTERM);
  std::ofstream(pid_file) << child << "\n";
  raise(SIGTERM);
  _exit(3);  // not reached: the handler re-raises with the default action
}

}  // namespace

TEST_CASE("on a signal, registered children are stopped and directories removed", "[pg][cleanup]") {
  recon::testing::TempDir root;
  const fs::path cluster_dir = root.path / "recon-pg-abc123";
  root.write("recon-pg-abc123/data/PG_VERSION", "15\n");
  const fs::path pid_file = root.path / "child.pid";

  const pid_t copy = fork();
  REQUIRE(copy >= 0);
  if (copy == 0) register_and_signal(cluster_dir, pid_file);
  int status = 0;
  REQUIRE(waitpid(copy, &status, 0) == copy);
  CHECK(recon::pg::describe_status(status) == "killed by signal 15 (Terminated)");
  CHECK_FALSE(fs::exists(cluster_dir));
  pid_t child = 0;
  std::ifstream(pid_file) >> child;
  REQUIRE(child > 0);
  // Reaped by the handler before the copy died: no such process any more.
  CHECK(kill(child, 0) == -1);
  CHECK(errno == ESRCH);
}

TEST_CASE("an unregistered directory is left alone on a signal", "[pg][cleanup]") {
  recon::testing::TempDir root;
  root.write("recon-pg-keep01/data/PG_VERSION", "15\n");
  const pid_t copy = fork();
  REQUIRE(copy >= 0);
  if (copy == 0) {
    not_ignoring_sigterm();
    recon::pg::install_cleanup_signal_handlers();
    recon::pg::unregister_cleanup_dir(
        recon::pg::register_cleanup_dir(root.path / "recon-pg-keep01"));
    raise(SIGTERM);
    _exit(3);
  }
  int status = 0;
  REQUIRE(waitpid(copy, &status, 0) == copy);
  CHECK(recon::pg::describe_status(status) == "killed by signal 15 (Terminated)");
  CHECK(fs::exists(root.path / "recon-pg-keep01" / "data"));
}

TEST_CASE("a path too long for the registry is not registered", "[pg][cleanup]") {
  CHECK(recon::pg::register_cleanup_dir("/" + std::string(PATH_MAX, 'x')) == -1);
  // No-ops, not crashes, for the slot of a directory that was not registered.
  recon::pg::set_cleanup_child(-1, 1234);
  recon::pg::unregister_cleanup_dir(-1);
}
