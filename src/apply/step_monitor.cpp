#include "apply/step_monitor.hpp"

#include <pqxx/pqxx>

#include "apply/connection.hpp"

namespace recon::apply {

struct StepMonitor::Connection {
  std::unique_ptr<pqxx::connection> conn;
  bool progress_views = true;  // false: the server has none (before PostgreSQL 12)
};

namespace {

using Clock = std::chrono::steady_clock;

std::string pids(const std::vector<Session>& sessions) {
  std::string out;
  for (const auto& s : sessions) out += (out.empty() ? "" : ", ") + std::to_string(s.pid);
  return out;
}

}  // namespace

std::string progress_detail(const std::string& phase, long long done, long long total,
                            const std::string& unit) {
  if (total <= 0) return phase;
  return phase + ", " + std::to_string(done) + " of " + std::to_string(total) + " " + unit + " (" +
         std::to_string(done * 100 / total) + "%)";
}

StepMonitor::StepMonitor(std::string url, std::string name, int pid)
    : url_(std::move(url)),
      name_(std::move(name)),
      pid_(pid),
      conn_(std::make_unique<Connection>()) {
  thread_ = std::thread([this] { run(); });
}

StepMonitor::~StepMonitor() {
  {
    const std::lock_guard lock(mutex_);
    quit_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void StepMonitor::begin(Tick tick) {
  {
    const std::lock_guard lock(mutex_);
    ++statement_;
    active_ = true;
    started_ = Clock::now();
    tick_ = std::move(tick);
    wait_ = {};
  }
  changed_.notify_all();
}

void StepMonitor::end() {
  std::unique_lock lock(mutex_);
  active_ = false;
  changed_.notify_all();
  changed_.wait(lock, [&] { return !in_tick_; });
}

LockWait StepMonitor::last_wait() const {
  const std::lock_guard lock(mutex_);
  return wait_;
}

void StepMonitor::run() {
  try {
    conn_->conn = connect(url_, name_);
  } catch (const std::exception&) {
    conn_->conn.reset();  // long steps show their time only
  }
  std::unique_lock lock(mutex_);
  unsigned statement = 0;
  Clock::time_point next_look;
  while (!quit_) {
    if (!active_) {
      changed_.wait(lock, [&] { return quit_ || active_; });
      continue;
    }
    if (statement != statement_) {
      statement = statement_;
      next_look = started_ + kFirstLook;
    }
    if (changed_.wait_until(lock, next_look,
                            [&] { return quit_ || !active_ || statement != statement_; }))
      continue;
    next_look = Clock::now() + kEvery;
    lock.unlock();
    Look seen = look();
    lock.lock();
    if (quit_ || !active_ || statement != statement_) continue;
    if (!seen.wait.lock.empty()) wait_ = std::move(seen.wait);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
    const Tick tick = tick_;
    in_tick_ = true;
    lock.unlock();
    try {
      if (tick) tick(elapsed, seen.detail);
    } catch (...) {
      // Progress output failing must not take the apply down.
    }
    lock.lock();
    in_tick_ = false;
    changed_.notify_all();
  }
}

StepMonitor::Look StepMonitor::look() {
  if (!conn_->conn) return {};
  Look out;
  try {
    pqxx::nontransaction txn(*conn_->conn);
    const auto state = txn.exec_params(
        "SELECT coalesce(wait_event_type, '') FROM pg_catalog.pg_stat_activity WHERE pid = $1",
        pid_);
    if (!state.empty() && state[0][0].as<std::string>() == "Lock") {
      out.wait.lock = awaited_lock(txn, pid_);
      out.wait.blockers = blocking_sessions(txn, pid_);
    }
  } catch (const std::exception&) {
    conn_->conn.reset();  // gone: show the time only from now on
    return {};
  }
  out.detail = reported_progress();
  if (!out.wait.lock.empty())
    out.detail += (out.detail.empty() ? "" : "; ") + std::string("waiting for ") + out.wait.lock +
                  (out.wait.blockers.empty() ? std::string()
                                             : " (blocked by pid " + pids(out.wait.blockers) + ")");
  return out;
}

std::string StepMonitor::reported_progress() {
  if (!conn_->conn || !conn_->progress_views) return "";
  std::string detail;
  try {
    pqxx::nontransaction txn(*conn_->conn);
    try {
      const auto rows = txn.exec_params(
          "SELECT phase, blocks_done, blocks_total, tuples_done, tuples_total, lockers_done, "
          "lockers_total FROM pg_catalog.pg_stat_progress_create_index WHERE pid = $1 "
          "UNION ALL SELECT command || ': ' || phase, heap_blks_scanned, heap_blks_total, "
          "heap_tuples_written, 0, 0, 0 FROM pg_catalog.pg_stat_progress_cluster WHERE pid = $1",
          pid_);
      if (!rows.empty()) {
        const auto& r = rows[0];
        const auto n = [&](int i) { return r[i].as<long long>(); };
        const std::string phase = r[0].as<std::string>();
        if (n(2) > 0)
          detail = progress_detail(phase, n(1), n(2), "blocks");
        else if (n(4) > 0)
          detail = progress_detail(phase, n(3), n(4), "tuples");
        else if (n(6) > 0)
          detail = progress_detail(phase, n(5), n(6), "transactions");
        else
          detail = phase;
      }
    } catch (const pqxx::sql_error&) {
      conn_->progress_views = false;
    }
  } catch (const std::exception&) {
    conn_->conn.reset();  // gone: show the time only from now on
  }
  return detail;
}

}  // namespace recon::apply
