#include "apply/executor.hpp"

#include <chrono>
#include <set>

#include "apply/concurrent_index.hpp"
#include "apply/duration.hpp"
#include "apply/errors.hpp"
#include "apply/interrupt.hpp"
#include "apply/live_schema.hpp"
#include "apply/next_steps.hpp"
#include "apply/units.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "plan/revision_chain.hpp"
#include "plan/revision_file.hpp"
#include "run/runner.hpp"

namespace recon::apply {
namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// SQLSTATE lock_not_available: lock_timeout ran out (or NOWAIT).
constexpr const char* kLockNotAvailable = "55P03";

// A statement of a unit could not take its lock in time: the unit may run again.
struct LockTimedOut {
  std::string where;  // "step 2/5 (+ column t.c)", "steps 3-7/9 (sent together)", ...
  std::string server_message;
  LockWait wait;  // as the monitor last saw it
};

std::string step_name(std::size_t number, const std::vector<Step>& steps) {
  return "step " + std::to_string(number) + "/" + std::to_string(steps.size()) + " (" +
         steps[number - 1].summary + ")";
}

std::string name(const Revision& r) {
  const std::string file = revision_file_name(r.number, r.slug);
  return file.substr(0, file.size() - 4);
}

class Executor {
 public:
  Executor(pqxx::connection& conn, const RevisionRun& run, Progress& progress)
      : conn_(conn), run_(run), r_(*run.revision), progress_(progress) {}

  void run() {
    const auto units = plan_units(run_);
    const auto start = Clock::now();
    progress_.revision_started(run_.project, r_.number, r_.slug, r_.plan.steps.size());
    if (run_.partial)
      progress_.note("apply " + run_.project + " " + name(r_) + ": resuming after step " +
                     std::to_string(run_.partial->steps_done) + "/" +
                     std::to_string(r_.plan.steps.size()) + " (an earlier run was interrupted)");
    try {
      for (const auto& unit : units) {
        run_unit(unit);
        for (const auto& action : unit.actions)
          if (action.kind == Action::Kind::step) steps_done_ = action.step;
      }
    } catch (const Failed&) {
      if (stop_requested()) interrupted();
      throw;
    } catch (const pqxx::sql_error& e) {
      if (stop_requested()) interrupted();
      // One of recon's own statements (the version table, the target check's queries).
      throw Failed("revision " + name(r_) + " failed in recon's bookkeeping: " + e.what() +
                   (e.query().empty() ? std::string() : "SQL: " + e.query() + "\n") +
                   (atomic() ? "The revision was rolled back: nothing of it was applied."
                             : "The transaction under way was rolled back; what was recorded "
                               "before stays (run recon status)."));
    } catch (const pqxx::broken_connection& e) {
      if (stop_requested()) interrupted();
      throw Failed("the connection was lost while applying revision " + name(r_) + " (" + e.what() +
                   "): its transaction under way was rolled back; run `recon status`");
    }
    progress_.revision_finished(since(start));
  }

 private:
  const Step& step(std::size_t number) const { return r_.plan.steps.at(number - 1); }

  std::string prefix() const { return "apply " + run_.project + " " + name(r_); }

  // The unit, run again while its lock waits time out (see executor.hpp).
  void run_unit(const Unit& unit) {
    const auto start = Clock::now();
    for (int attempt = 1;; ++attempt) {
      if (stop_requested()) interrupted();
      try {
        if (unit.transaction)
          run_transaction(unit);
        else
          run_alone(unit);
        return;
      } catch (const LockTimedOut& e) {
        if (stop_requested()) interrupted();
        if (attempt > run_.lock_retries) lock_given_up(e, unit, attempt, since(start));
        const auto delay = lock_retry_delay(attempt);
        progress_.note(
            prefix() + ": " + e.where + " waited " + format_duration(run_.lock_timeout) +
            " (lock_timeout) for " + (e.wait.lock.empty() ? std::string("a lock") : e.wait.lock) +
            blocked_by(e.wait) + (unit.transaction ? "; its transaction was rolled back" : "") +
            "; retry " + std::to_string(attempt) + " of " + std::to_string(run_.lock_retries) +
            " in " + format_duration(delay));
        sleep_unless_stopped(delay);
      }
    }
  }

  static std::string blocked_by(const LockWait& wait) {
    if (wait.blockers.empty()) return "";
    std::string pids;
    for (const auto& s : wait.blockers) pids += (pids.empty() ? "" : ", ") + std::to_string(s.pid);
    return ", held by pid " + pids;
  }

  [[noreturn]] void lock_given_up(const LockTimedOut& e, const Unit& unit, int attempts,
                                  std::chrono::milliseconds took) {
    std::string message = "revision " + name(r_) + ": " + e.where +
                          " could not take its lock within --lock-timeout " +
                          format_duration(run_.lock_timeout) + ", in " + std::to_string(attempts) +
                          (attempts == 1 ? " try" : " tries") + " over " +
                          format_duration(std::chrono::round<std::chrono::seconds>(took)) + " (" +
                          first_line(e.server_message) + ").\n";
    if (e.wait.lock.empty()) {
      message +=
          "recon did not see which sessions held the lock (each wait ended before its "
          "first look, " +
          format_duration(StepMonitor::kFirstLook) + " after the statement started).\n";
    } else {
      message += "It waited for " + e.wait.lock +
                 (e.wait.blockers.empty() ? std::string(".")
                                          : ", held by or queued ahead of recon by:" +
                                                describe_sessions(e.wait.blockers)) +
                 "\n";
    }
    message += rolled_back(unit.transaction) +
               "\nWait for those sessions to finish, end them (SELECT pg_terminate_backend(pid)), "
               "or run again with a longer --lock-timeout or more --lock-retries.";
    throw Refused(message);
  }

  static std::string first_line(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    if (line.starts_with("ERROR:")) line = line.substr(6);
    while (!line.empty() && line.front() == ' ') line.erase(0, 1);
    return line;
  }

  // The statement under way was cancelled by a stop request: say what stays done.
  [[noreturn]] void interrupted() {
    const std::size_t n = r_.plan.steps.size();
    std::string message = "interrupted: revision " + name(r_);
    if (current_ > 0) message += " at " + step_name(current_, r_.plan.steps);
    message += ". ";
    if (atomic()) {
      message += "It was rolled back: nothing of it was applied.";
    } else {
      if (current_ > 0 && !step(current_).transactional) {
        message +=
            "Step " + std::to_string(current_) + " runs outside any transaction and was cancelled";
        if (concurrent_index_name(step(current_).sql))
          message +=
              "; a build cancelled half-way leaves an INVALID index, which the next recon "
              "apply drops and builds again";
        message += ". ";
      } else {
        message += "The transaction under way was rolled back. ";
      }
      message += steps_done_ == 0 ? std::string("None of its steps is done.")
                                  : "Steps 1-" + std::to_string(steps_done_) + " of " +
                                        std::to_string(n) + ", done before it, stay applied.";
      message +=
          " Run recon apply again to resume after the last step recorded in the "
          "'partial' row of " +
          version_table_name(run_.schema) + ".";
    }
    throw Interrupted(stop_signal(), message);
  }

  [[noreturn]] void step_failed(const run::StepError& e, bool transaction) {
    std::string message =
        "revision " + name(r_) + " failed at " + e.what() + "\n" + rolled_back(transaction);
    // Only a revision rolled back whole can be planned again: nothing of it stayed applied.
    if (transaction && atomic())
      message += "\n" + after_failed_revision(run_.project, r_.number, r_.slug, e.sqlstate());
    throw Failed(message);
  }

  // What a failure left: `transaction`, whether the failing statement ran in one.
  std::string rolled_back(bool transaction) const {
    if (!transaction)
      return "The step ran outside any transaction (it is not transactional): the steps "
             "before it stay applied and recorded ('partial' row in " +
             version_table_name(run_.schema) +
             "); fix the cause and run recon apply again to resume from this step.";
    if (atomic()) return "The revision was rolled back: nothing of it was applied.";
    return "This transaction was rolled back; the steps before it stay applied and "
           "recorded ('partial' row in " +
           version_table_name(run_.schema) +
           "): fix the cause and run recon apply again to resume.";
  }

  bool atomic() const {
    return !run_.partial && std::all_of(r_.plan.steps.begin(), r_.plan.steps.end(),
                                        [](const Step& s) { return s.transactional; });
  }

  // A transaction of consecutive steps and recon's bookkeeping. The steps go in batches
  // (run/batch.hpp); when the server rejects one, the transaction is rolled back and run again with
  // that batch sent a step at a time, so that the failing step is named as it always was.
  void run_transaction(const Unit& unit) {
    try {
      run::retry_batches(
          [&](const std::set<std::size_t>& one_by_one) { run_transaction_once(unit, one_by_one); },
          [&](const run::BatchError& e) {
            progress_.note("apply " + run_.project + " " + name(r_) + ": " + e.what() +
                           "\n  rolled back; running them again a step at a time to find the "
                           "failing one");
          });
    } catch (const run::BatchError& e) {
      batch_failed(e);
    }
  }

  void run_transaction_once(const Unit& unit, const std::set<std::size_t>& one_by_one) {
    pqxx::work txn(conn_, "recon apply");
    const auto& actions = unit.actions;
    for (std::size_t a = 0; a < actions.size(); ++a) {
      const auto& action = actions[a];
      switch (action.kind) {
        case Action::Kind::sql:
          try {
            txn.exec(action.sql);
          } catch (const pqxx::sql_error& e) {
            if (e.sqlstate() != kLockNotAvailable) throw;
            throw LockTimedOut{
                "recon's bookkeeping in " + version_table_name(run_.schema), e.what(), {}};
          }
          break;
        case Action::Kind::search_path:
        case Action::Kind::step: {
          // A run of steps, each after its search path (plan_units): steps first..last.
          std::size_t end = a;
          while (end < actions.size() && (actions[end].kind == Action::Kind::search_path ||
                                          actions[end].kind == Action::Kind::step))
            ++end;
          std::size_t first = 0;
          std::size_t last = 0;
          for (std::size_t k = a; k < end; ++k) {
            if (actions[k].kind != Action::Kind::step) continue;
            if (first == 0) first = actions[k].step;
            last = actions[k].step;
          }
          run_steps_in(txn, first, last, one_by_one);
          a = end - 1;
          break;
        }
        case Action::Kind::check_target:
          check_target(txn);
          break;
        case Action::Kind::retry_index:
          break;  // only in units run alone
      }
    }
    try {
      txn.commit();
    } catch (const pqxx::in_doubt_error& e) {
      throw Failed("the connection was lost while committing revision " + name(r_) +
                   ": whether it committed is unknown; run `recon status` to see (" +
                   std::string(e.what()) + ")");
    }
  }

  // Steps first..last (1-based) inside `txn`, in batches.
  void run_steps_in(pqxx::transaction_base& txn, std::size_t first, std::size_t last,
                    const std::set<std::size_t>& one_by_one) {
    const auto& steps = r_.plan.steps;
    for (const auto& batch : run::plan_batches(steps, first - 1, last, run_.schema)) {
      if (batch.size() == 1 || one_by_one.contains(batch.first) ||
          narrowed_.contains(batch.first)) {
        for (std::size_t k = batch.first; k < batch.last; ++k) run_one(txn, k + 1);
        continue;
      }
      const auto start = Clock::now();
      progress_.steps_started(batch.first + 1, batch.last, steps);
      current_ = batch.first + 1;
      try {
        Watching watching(run_.monitor, tick());
        run::run_batch(txn, run_.schema, steps, batch);
      } catch (const run::BatchError& e) {
        if (stop_requested()) interrupted();  // cancelled: not to be narrowed down by a rerun
        if (e.sqlstate() != kLockNotAvailable) throw;
        // Run it a step at a time next time, to name the step that waits.
        narrowed_.insert(batch.first);
        throw LockTimedOut{"steps " + std::to_string(batch.first + 1) + "-" +
                               std::to_string(batch.last) + "/" + std::to_string(steps.size()) +
                               " (sent together)",
                           e.server_message(), last_wait()};
      }
      if (batch.last > reported_) {
        progress_.steps_finished(batch.first + 1, batch.last, steps, since(start));
        reported_ = batch.last;
      }
    }
  }

  // Step `number` alone in `txn` (the runner sets its search path).
  void run_one(pqxx::transaction_base& txn, std::size_t number) {
    const auto& s = step(number);
    const auto start = Clock::now();
    progress_.step_started(number, r_.plan.steps.size(), s.summary);
    current_ = number;
    try {
      Watching watching(run_.monitor, tick());
      run::run_step(txn, run_.schema, s, number, r_.plan.steps.size());
    } catch (const run::StepError& e) {
      if (e.sqlstate() == kLockNotAvailable)
        throw LockTimedOut{step_name(number, r_.plan.steps), e.server_message(), last_wait()};
      step_failed(e, true);
    }
    if (number > reported_) {
      progress_.step_finished(number, r_.plan.steps.size(), s.summary, since(start), false);
      reported_ = number;
    }
  }

  // A batch that failed and could not be narrowed down to one of its steps.
  [[noreturn]] void batch_failed(const run::BatchError& e) {
    throw Failed("revision " + name(r_) + " failed at " + e.what() + "\n" + rolled_back(true) +
                 (atomic() ? "\n" + after_failed_revision(run_.project, r_.number, r_.slug, "")
                           : std::string()));
  }

  void check_target(pqxx::transaction_base& txn) {
    const std::string live = fingerprint(introspect_in(txn, run_.schema, run_.introspection));
    if (live == r_.plan.target_fingerprint) return;
    std::string message = "revision " + name(r_) +
                          " did not reach the state it was planned to reach: the schema's "
                          "fingerprint after its steps is " +
                          live + ", the revision's target is " + r_.plan.target_fingerprint + ". ";
    message += atomic() ? "It was rolled back: nothing of it was applied. "
                        : "The last transaction was rolled back; the revision stays 'partial'. ";
    message +=
        "Either the revision was planned from a different state than this server produces "
        "(another PostgreSQL version, or objects the project does not know about), or it is "
        "a bug in recon: please report it with the revision file.";
    throw Failed(message);
  }

  // A non-transactional step, alone on the connection.
  void run_alone(const Unit& unit) {
    std::size_t number = 0;
    for (const auto& action : unit.actions)
      if (action.kind == Action::Kind::step) number = action.step;
    // The step the interrupted run was at: it may have finished without being recorded.
    const bool resuming_here =
        run_.partial && static_cast<std::size_t>(run_.partial->steps_done) + 1 == number;
    const auto& s = step(number);
    const auto start = Clock::now();
    progress_.step_started(number, r_.plan.steps.size(), s.summary);
    current_ = number;
    try {
      Watching watching(run_.monitor, tick());
      for (const auto& action : unit.actions) {
        if (action.kind == Action::Kind::retry_index) {
          pqxx::nontransaction txn(conn_, "recon apply");
          const auto state = index_state(txn, run_.schema, action.index);
          if (state.exists && !state.valid) {
            progress_.note("apply " + run_.project + " " + name(r_) +
                           ": dropping the invalid index " + quote_ident(action.index) +
                           " left by an interrupted CREATE INDEX CONCURRENTLY");
            txn.exec(drop_index_sql(run_.schema, action.index));
          } else if (state.exists && resuming_here) {
            progress_.step_finished(number, r_.plan.steps.size(), s.summary, since(start), true);
            return;  // built by the interrupted run, which was stopped before recording it
          }
        } else if (action.kind == Action::Kind::step) {
          run::run_step_alone(conn_, run_.schema, s, number, r_.plan.steps.size());
        }
      }
    } catch (const run::StepError& e) {
      if (e.sqlstate() == kLockNotAvailable)
        throw LockTimedOut{step_name(number, r_.plan.steps), e.server_message(), last_wait()};
      step_failed(e, false);
    } catch (const pqxx::sql_error& e) {
      if (e.sqlstate() == kLockNotAvailable)
        throw LockTimedOut{step_name(number, r_.plan.steps), e.what(), last_wait()};
      step_failed(run::StepError(number, r_.plan.steps.size(), s, e.what(), e.sqlstate()), false);
    } catch (const pqxx::broken_connection& e) {
      step_failed(run::StepError(number, r_.plan.steps.size(), s, e.what(), ""), false);
    }
    progress_.step_finished(number, r_.plan.steps.size(), s.summary, since(start), false);
  }

  StepMonitor::Tick tick() {
    return [this](std::chrono::milliseconds elapsed, const std::string& detail) {
      progress_.still_running(elapsed, detail);
    };
  }

  LockWait last_wait() const { return run_.monitor ? run_.monitor->last_wait() : LockWait{}; }

  pqxx::connection& conn_;
  const RevisionRun& run_;
  const Revision& r_;
  Progress& progress_;
  std::size_t reported_ = 0;  // the last step reported finished (a rerun reports no step twice)
  // The last step done: recorded before this run, or by a unit of it that ended.
  std::size_t steps_done_ =
      run_.partial ? static_cast<std::size_t>(std::max(0, run_.partial->steps_done)) : 0;
  std::size_t current_ = 0;  // the step (or a batch's first) under way, 0 before the first
  // Batches (by their first step) whose lock wait timed out: run a step at a time from then on.
  std::set<std::size_t> narrowed_;
};

std::string terminated(std::string sql) {
  while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ')) sql.pop_back();
  if (sql.empty() || sql.back() != ';') sql += ';';
  return sql;
}

}  // namespace

std::chrono::milliseconds lock_retry_delay(int retry) {
  constexpr std::chrono::milliseconds kFirst{1000};
  constexpr std::chrono::milliseconds kLongest{10'000};
  auto delay = kFirst;
  for (int k = 1; k < retry && delay < kLongest; ++k) delay *= 2;
  return std::min(delay, kLongest);
}

void execute_revision(pqxx::connection& conn, const RevisionRun& run, Progress& progress) {
  Executor(conn, run, progress).run();
}

std::string revision_script(const RevisionRun& run) {
  const Revision& r = *run.revision;
  const std::size_t n = r.plan.steps.size();
  std::string out =
      "-- revision " + name(r) + " (" + std::to_string(n) + (n == 1 ? " step" : " steps") + ")";
  if (run.partial)
    out += ": resuming after step " + std::to_string(run.partial->steps_done) + "/" +
           std::to_string(n);
  out += "\n";
  for (const auto& unit : plan_units(run)) {
    if (unit.transaction) out += "BEGIN;\n";
    for (const auto& action : unit.actions) {
      switch (action.kind) {
        case Action::Kind::sql:
        case Action::Kind::search_path:
          out += terminated(action.sql) + "\n";
          break;
        case Action::Kind::step:
          out += "-- step " + std::to_string(action.step) + "/" + std::to_string(n) + ": " +
                 escape_comment_text(r.plan.steps[action.step - 1].summary) + "\n";
          out += terminated(action.sql) + "\n";
          break;
        case Action::Kind::check_target:
          out += "-- recon checks here that the schema's fingerprint is " +
                 r.plan.target_fingerprint + " (else ROLLBACK)\n";
          break;
        case Action::Kind::retry_index:
          out += "-- when an interrupted run left the index invalid, recon first runs: " +
                 drop_index_sql(run.schema, action.index) + ";\n";
          break;
      }
    }
    if (unit.transaction) out += "COMMIT;\n";
  }
  return out;
}

}  // namespace recon::apply
