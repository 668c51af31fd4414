#include "apply/interrupt.hpp"

#include <fmt/core.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace recon::apply {
namespace {

std::atomic<int> stop_signal_{0};
std::mutex mutex_;
std::condition_variable wake_;
std::vector<pqxx::connection*> connections_;  // under mutex_

// The signal handler's side: a pipe to the watcher thread, and how many signals came.
int pipe_[2] = {-1, -1};
std::atomic<int> signals_seen_{0};
static_assert(std::atomic<int>::is_always_lock_free);  // usable from a signal handler
struct sigaction previous_int_ {};
struct sigaction previous_term_ {};
std::thread watcher_;

extern "C" void on_signal(int signal) {
  const int saved_errno = errno;
  if (signals_seen_.fetch_add(1) > 0) {
    static const char message[] =
        "\nrecon: stopped at once (second signal): the statement under way was cancelled at "
        "the first; what was not committed is rolled back by the server\n";
    (void)!::write(STDERR_FILENO, message, sizeof message - 1);
    _exit(128 + signal);
  }
  const auto byte = static_cast<unsigned char>(signal);
  (void)!::write(pipe_[1], &byte, 1);
  errno = saved_errno;
}

void watch() {
  unsigned char byte = 0;
  while (true) {
    const auto n = read(pipe_[0], &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || byte == 0) return;  // 0: StopOnSignals is going away
    fmt::print(stderr,
               "\nrecon: {}: cancelling the statement under way and rolling back ({} to exit at "
               "once)\n",
               byte == SIGINT ? "interrupted" : "terminated",
               byte == SIGINT ? "press Ctrl-C again" : "send SIGTERM again");
    std::fflush(stderr);
    request_stop(byte);
  }
}

}  // namespace

bool stop_requested() {
  return stop_signal_.load() != 0;
}

int stop_signal() {
  return stop_signal_.load();
}

void request_stop(int signal) {
  {
    const std::lock_guard lock(mutex_);
    int none = 0;
    stop_signal_.compare_exchange_strong(none, signal);
    for (auto* conn : connections_) {
      try {
        // PQgetCancel + PQcancel on a connection another thread is using: libpq allows
        // PQcancel from any thread, and PQgetCancel only reads what a query never changes.
        conn->cancel_query();
      } catch (const std::exception&) {
        // Nothing runs there, or the connection is gone: nothing to cancel.
      }
    }
  }
  wake_.notify_all();
}

void reset_stop() {
  stop_signal_.store(0);
  signals_seen_.store(0);
}

CancelOnStop::CancelOnStop(pqxx::connection& conn) : conn_(&conn) {
  const std::lock_guard lock(mutex_);
  connections_.push_back(conn_);
}

CancelOnStop::~CancelOnStop() {
  const std::lock_guard lock(mutex_);
  connections_.erase(std::find(connections_.begin(), connections_.end(), conn_));
}

void sleep_unless_stopped(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, duration, [] { return stop_requested(); });
}

StopOnSignals::StopOnSignals() {
  if (pipe(pipe_) != 0) return;  // no pipe: signals keep their default behaviour
  watcher_ = std::thread(watch);
  struct sigaction action {};
  action.sa_handler = on_signal;
  action.sa_flags = SA_RESTART;  // stdio and libpq calls under way go on
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

StopOnSignals::~StopOnSignals() {
  if (!watcher_.joinable()) return;
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
  const unsigned char quit = 0;
  (void)!::write(pipe_[1], &quit, 1);
  watcher_.join();
  close(pipe_[0]);
  close(pipe_[1]);
  pipe_[0] = pipe_[1] = -1;
}

}  // namespace recon::apply
