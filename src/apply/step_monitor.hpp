// Watching the statement that runs on apply's connection, from a second connection, while it
// runs: what it waits for and who blocks it (named when a lock wait times out), and how far
// Postgres says it is (pg_stat_progress_create_index, pg_stat_progress_cluster), for the
// progress lines of long steps.
//
// The second connection is opened by the monitor's thread as soon as the monitor exists, so
// that a statement is never held up by it; if it cannot be opened (too many connections...),
// long steps show only their time, and a lock timeout cannot name the blockers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "apply/sessions.hpp"

namespace recon::apply {

// What a statement was seen waiting for: the lock, and the sessions that block it.
struct LockWait {
  std::string lock;  // "AccessExclusiveLock on faults.t"; "" when no wait was seen
  std::vector<Session> blockers;
};

class StepMonitor {
 public:
  // The first look at a statement, and then how often.
  static constexpr std::chrono::milliseconds kFirstLook{100};
  static constexpr std::chrono::milliseconds kEvery{500};

  // Watches backend `pid` of the database at `url`, over a connection named `name`.
  StepMonitor(std::string url, std::string name, int pid);
  ~StepMonitor();
  StepMonitor(const StepMonitor&) = delete;
  StepMonitor& operator=(const StepMonitor&) = delete;

  // Called from the monitor's thread, from kFirstLook after the statement started, about every
  // kEvery: how long it has run, and what Postgres reports ("" when nothing).
  using Tick = std::function<void(std::chrono::milliseconds elapsed, const std::string& detail)>;

  // A statement (a step, a batch) starts on the watched connection.
  void begin(Tick tick);
  // It ended: when this returns, no tick runs or will run for it.
  void end();
  // What the last statement begun was last seen waiting for.
  LockWait last_wait() const;

 private:
  struct Look {
    LockWait wait;
    std::string detail;
  };
  void run();
  Look look();
  std::string reported_progress();  // what the progress views say, or ""

  std::string url_;
  std::string name_;
  int pid_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool quit_ = false;
  bool active_ = false;
  bool in_tick_ = false;
  unsigned statement_ = 0;  // counts begin()s: a look that outlived its statement is dropped
  std::chrono::steady_clock::time_point started_;
  Tick tick_;
  LockWait wait_;
  std::thread thread_;
  // Used by the thread only.
  struct Connection;
  std::unique_ptr<Connection> conn_;
};

// "RAII" for begin/end: watches while in scope (does nothing without a monitor).
class Watching {
 public:
  Watching(StepMonitor* monitor, StepMonitor::Tick tick) : monitor_(monitor) {
    if (monitor_) monitor_->begin(std::move(tick));
  }
  ~Watching() {
    if (monitor_) monitor_->end();
  }
  Watching(const Watching&) = delete;
  Watching& operator=(const Watching&) = delete;

 private:
  StepMonitor* monitor_;
};

// What pg_stat_progress_create_index or pg_stat_progress_cluster report, in words:
// "building index: scanning table, 1234 of 5678 blocks (21%)". Exposed for tests.
std::string progress_detail(const std::string& phase, long long done, long long total,
                            const std::string& unit);

}  // namespace recon::apply
