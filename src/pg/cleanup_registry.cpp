#include "pg/cleanup_registry.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <mutex>
#include <string>

namespace recon::pg {

namespace {

constexpr int kMaxClusters = 64;

struct Slot {
  std::atomic<int> state{0};   // 0 free, 1 being filled in, 2 live
  std::atomic<pid_t> pid{-1};  // child to stop (initdb or postmaster), -1 if none
  std::atomic<int> stop_signal{SIGQUIT};
  char dir[PATH_MAX]{};
};

static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<pid_t>::is_always_lock_free);

Slot g_slots[kMaxClusters];

// Async-signal-safe: waits for child `pid`, SIGKILLing it after ~5 s.
void reap_child_signal_safe(pid_t pid) {
  for (int i = 0; i < 500; ++i) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return;
    struct timespec ts = {0, 10'000'000};
    nanosleep(&ts, nullptr);
  }
  kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

// Async-signal-safe: rm -rf DIR through fork+execve. _Fork (unlike fork) runs no atfork
// handlers, so it cannot deadlock on a malloc lock held by the interrupted code.
void remove_dir_signal_safe(const char* dir) {
  pid_t pid = _Fork();
  if (pid == 0) {
    char rm[] = "rm";
    char rf[] = "-rf";
    char dashdash[] = "--";
    char* argv[] = {rm, rf, dashdash, const_cast<char*>(dir), nullptr};
    char* envp[] = {nullptr};
    execve("/bin/rm", argv, envp);
    _exit(127);
  }
  if (pid < 0) return;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

void clean_up_slot_signal_safe(Slot& slot) {
  pid_t pid = slot.pid.exchange(-1);
  if (pid > 0) {
    kill(pid, slot.stop_signal.load());
    reap_child_signal_safe(pid);
  }
  remove_dir_signal_safe(slot.dir);
  slot.state.store(0);
}

// Async-signal-safe: the default action of `sig`, now.
void reraise_with_default_action(int sig) {
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
}

extern "C" void cleanup_signal_handler(int sig) {
  int saved_errno = errno;
  for (auto& slot : g_slots) {
    if (slot.state.load() == 2) clean_up_slot_signal_safe(slot);
  }
  reraise_with_default_action(sig);
  errno = saved_errno;
}

}  // namespace

int register_cleanup_dir(const std::filesystem::path& dir) {
  const std::string& text = dir.native();
  if (text.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kMaxClusters; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slots[i].dir, text.c_str(), text.size() + 1);
      g_slots[i].pid.store(-1);
      g_slots[i].state.store(2);
      return i;
    }
  }
  return -1;
}

void set_cleanup_child(int slot, pid_t pid, int stop_signal) {
  if (slot < 0) return;
  g_slots[slot].stop_signal.store(stop_signal);
  g_slots[slot].pid.store(pid);
}

void unregister_cleanup_dir(int slot) {
  if (slot < 0) return;
  g_slots[slot].pid.store(-1);
  g_slots[slot].state.store(0);
}

void install_cleanup_signal_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old = {};
      if (sigaction(sig, nullptr, &old) != 0) continue;
      if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) continue;  // e.g. nohup
      struct sigaction sa = {};
      sa.sa_handler = cleanup_signal_handler;
      sigemptyset(&sa.sa_mask);
      sigaddset(&sa.sa_mask, SIGINT);
      sigaddset(&sa.sa_mask, SIGTERM);
      sigaddset(&sa.sa_mask, SIGHUP);
      sa.sa_flags = SA_RESTART;
      sigaction(sig, &sa, nullptr);
    }
  });
}

}  // namespace recon::pg
