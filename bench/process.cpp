#include "process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace recon::bench {

namespace {

int open_or_die(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.empty() ? "/dev/null" : path.c_str(), flags, 0644);
  if (fd < 0) ::_exit(126);
  return fd;
}

}  // namespace

Run run(const std::vector<std::string>& argv, const RunOptions& options) {
  Run result;
  if (argv.empty()) return result;
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) return result;
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(open_or_die(options.stdin_file, O_RDONLY), 0);
    ::dup2(open_or_die(options.stdout_file, O_WRONLY | O_CREAT | O_TRUNC), 1);
    ::dup2(open_or_die(options.stderr_file, O_WRONLY | O_CREAT | O_TRUNC), 2);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(126);
    for (const auto& [name, value] : options.env) ::setenv(name.c_str(), value.c_str(), 1);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  result.started = true;
  int status = 0;
  struct rusage usage {};
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  // Poll: a few milliseconds of resolution is plenty for runs of 10 ms and more.
  auto pause = std::chrono::microseconds(200);
  while (true) {
    const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0) return result;
    if (options.timeout_seconds > 0 && elapsed() > options.timeout_seconds) {
      ::kill(-pid, SIGKILL);
      ::wait4(pid, &status, 0, &usage);
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(5)) pause *= 2;
  }
  result.seconds = elapsed();
  result.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string head_of(const std::filesystem::path& file, std::size_t max_chars) {
  std::string text = read_file(file);
  if (text.size() > max_chars) text = text.substr(0, max_chars) + "...";
  for (char& c : text)
    if (c == '\n' || c == '|') c = ' ';
  return text;
}

void write_file(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace recon::bench
