#include "pg/process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "pg/cluster_error.hpp"

namespace recon::pg {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

void child_fail(const char* what) {
  const char* err = strerrordesc_np(errno);  // unlike strerror: no locale, no allocation
  if (err == nullptr) err = "unknown error";
  (void)!::write(STDERR_FILENO, "recon: ", 7);
  (void)!::write(STDERR_FILENO, what, strlen(what));
  (void)!::write(STDERR_FILENO, ": ", 2);
  (void)!::write(STDERR_FILENO, err, strlen(err));
  (void)!::write(STDERR_FILENO, "\n", 1);
  _exit(127);
}

// The cleanup handlers the child inherits would stop every cluster of the parent.
void restore_default_signals_in_child() {
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old = {};
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler != SIG_IGN)
      sigaction(sig, &dfl, nullptr);
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

void set_up_files_in_child(int devnull, int output_fd) {
  if (dup2(devnull, STDIN_FILENO) < 0) _exit(127);
  if (output_fd >= 0) {
    if (dup2(output_fd, STDOUT_FILENO) < 0 || dup2(output_fd, STDERR_FILENO) < 0) _exit(127);
  }
  close_range(3, ~0U, 0);  // no inherited libpq sockets or other files in the server
}

void drop_privileges_in_child(const Credentials& creds) {
  if (setgroups(creds.groups.size(), creds.groups.data()) != 0) child_fail("setgroups");
  if (setgid(creds.gid) != 0) child_fail("setgid");
  if (setuid(creds.uid) != 0) child_fail("setuid");
}

[[noreturn]] void run_child(const SpawnSpec& spec, char* const* argv, int devnull, pid_t parent) {
  restore_default_signals_in_child();
  set_up_files_in_child(devnull, spec.output_fd);
  // Own process group: a terminal's Ctrl-C reaches recon, which stops the server itself.
  setpgid(0, 0);
  if (spec.drop_privileges) drop_privileges_in_child(spec.creds);
  // After the credential change, which clears the parent-death signal.
  if (spec.parent_death_signal != 0) {
    if (prctl(PR_SET_PDEATHSIG, spec.parent_death_signal) != 0) child_fail("prctl");
    if (getppid() != parent) _exit(1);  // the parent died before prctl
  }
  if (chdir(spec.cwd.c_str()) != 0) child_fail("chdir");
  execv(argv[0], argv);
  child_fail(argv[0]);
  _exit(127);
}

}  // namespace

std::string errno_text(int err) {
  return std::strerror(err);
}

pid_t spawn(const SpawnSpec& spec) {
  std::vector<std::string> argv_store;
  argv_store.push_back(spec.program.string());
  argv_store.insert(argv_store.end(), spec.args.begin(), spec.args.end());
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();

  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull < 0) throw ClusterError("cannot open /dev/null: " + errno_text(errno));

  // Signals stay blocked from before fork until the child has dropped the cleanup handlers it
  // inherits: a signal in between would run them in the child, which would then stop every other
  // cluster of this process (and remove their directories) before exec.
  sigset_t all, before;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &before);
  pid_t pid = fork();
  if (pid == 0) run_child(spec, argv.data(), devnull, parent);
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  if (pid < 0) {
    int err = errno;
    close(devnull);
    throw ClusterError(
        fmt::format("cannot fork to run {}: {}", spec.program.string(), errno_text(err)));
  }
  close(devnull);
  return pid;
}

int wait_child(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

int wait_child_or_kill(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return -1;
    std::this_thread::sleep_for(2ms);
  }
  kill(pid, SIGKILL);
  return wait_child(pid);
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return fmt::format("exit code {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const char* name = strsignal(WTERMSIG(status));
    return fmt::format("killed by signal {} ({})", WTERMSIG(status), name ? name : "?");
  }
  return fmt::format("status {}", status);
}

int open_log(const fs::path& file, bool truncate) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND);
  int fd = open(file.c_str(), flags, 0644);
  if (fd < 0) {
    throw ClusterError(fmt::format("cannot create {}: {}", file.string(), errno_text(errno)));
  }
  return fd;
}

FdCloser::~FdCloser() {
  if (fd >= 0) close(fd);
}

std::string file_tail(const fs::path& file, std::size_t max_lines) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "    (no log: " + file.string() + " could not be read)";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return "    (log is empty)";
  std::size_t pos = text.size();
  for (std::size_t n = 0; n < max_lines && pos != std::string::npos && pos > 0; ++n) {
    pos = text.rfind('\n', pos - 1);
  }
  std::string tail = (pos == std::string::npos || pos == 0) ? text : text.substr(pos + 1);
  std::string out;
  std::istringstream lines(tail);
  for (std::string line; std::getline(lines, line);) out += "    " + line + "\n";
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace recon::pg
