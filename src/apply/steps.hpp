// Running a revision's steps: the one place that sends a step's SQL to a server. Used by apply
// (against the target database) and by whoever replays revisions on a scratch database.
//
// Revisions are written relative to their schema: every step runs with the search path set to
// the schema first (SET LOCAL inside a transaction, SET for a step that runs outside one). The
// file's own preamble (CREATE SCHEMA / SET search_path, there for psql -f) is never run.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "plan/plan.hpp"

namespace recon::apply {

// A step that failed: which one, its SQL, and what Postgres said.
class StepError : public std::runtime_error {
 public:
  StepError(std::size_t number, std::size_t count, const Step& step, std::string server_message,
            std::string sqlstate);

  std::size_t number() const { return number_; }  // 1-based
  std::size_t count() const { return count_; }
  const std::string& summary() const { return summary_; }
  const std::string& sql() const { return sql_; }
  const std::string& server_message() const { return server_message_; }  // "ERROR:  ..."
  const std::string& sqlstate() const { return sqlstate_; }              // "42P07", or ""

 private:
  std::size_t number_;
  std::size_t count_;
  std::string summary_;
  std::string sql_;
  std::string server_message_;
  std::string sqlstate_;
};

// "SET LOCAL search_path TO "00_personal_todo"" (local = false: a plain SET, for a session
// without a transaction block).
std::string search_path_sql(const std::string& schema, bool local = true);

// Consecutive transactional steps are sent to the server together, as one multi-statement
// query string (one round trip instead of two per step): each step after its SET LOCAL
// search_path, as when it runs alone. Postgres runs the statements of such a string in order
// inside the open transaction and stops at the first error; which step it was is not said, so
// callers run the transaction again with the rejected batch sent a step at a time
// (retry_batches below): the failing step is then named with the message it has alone.
struct Batch {
  std::size_t first = 0;  // 0-based index of its first step
  std::size_t last = 0;   // one past its last step
  std::size_t size() const { return last - first; }
};

// Up to this many bytes of SQL, or kBatchSteps steps, in one batch.
inline constexpr std::size_t kBatchBytes = 256 * 1024;
inline constexpr std::size_t kBatchSteps = 1000;

// Steps [first, last) of `steps` (all transactional) cut into batches in order. A step that
// creates the schema itself (see creates_existing_schema) is a batch of its own: apply looks
// whether the schema exists right before it.
std::vector<Batch> plan_batches(const std::vector<Step>& steps, std::size_t first, std::size_t last,
                                const std::string& schema, std::size_t max_bytes = kBatchBytes,
                                std::size_t max_steps = kBatchSteps);

// The query string of a batch: for each step, SET LOCAL search_path, its SQL, and a ';' of its
// own (an empty statement when the step ends with one; it ends a trailing -- comment).
std::string batch_sql(const std::vector<Step>& steps, const Batch& batch,
                      const std::string& schema);

// A batch the server rejected (its transaction is aborted), or during which the connection was
// lost: which of its steps failed is not known.
class BatchError : public std::runtime_error {
 public:
  BatchError(Batch batch, std::size_t count, std::string server_message, bool connection_lost,
             std::string sqlstate = "");

  const Batch& batch() const { return batch_; }
  std::size_t count() const { return count_; }  // the steps of the revision
  const std::string& server_message() const { return server_message_; }
  bool connection_lost() const { return connection_lost_; }
  const std::string& sqlstate() const { return sqlstate_; }  // "55P03", or ""

 private:
  Batch batch_;
  std::size_t count_;
  std::string server_message_;
  bool connection_lost_;
  std::string sqlstate_;
};

// Sends the batch in `txn`. Throws BatchError.
void run_batch(pqxx::transaction_base& txn, const std::string& schema,
               const std::vector<Step>& steps, const Batch& batch);

// Runs `attempt` (one whole transaction, rolled back when it throws), handing it the batches
// (by their first step) to send a step at a time: none at first; when a batch is rejected
// (BatchError), `attempt` runs again with that batch added, so that the failing step throws
// its own error. Rethrows a BatchError it cannot narrow down: the connection was lost, or
// other batches kept failing (a server that does not fail the same way twice) after
// kBatchAttempts attempts.
inline constexpr int kBatchAttempts = 3;
void retry_batches(const std::function<void(const std::set<std::size_t>& one_by_one)>& attempt,
                   const std::function<void(const BatchError&)>& on_retry = {});

// True when `sql` is the revision's "CREATE SCHEMA IF NOT EXISTS <schema>;" and the schema
// exists: the statement would do nothing, but Postgres checks the database's CREATE privilege
// before it looks whether the schema exists, so a role that owns only its schema could not run
// it. Apply skips such a statement.
bool creates_existing_schema(pqxx::transaction_base& txn, const std::string& schema,
                             const std::string& sql);

// Runs step `number` of `count` (1-based, for the error) inside `txn`: SET LOCAL search_path,
// then its SQL. Throws StepError when the server rejects it (the transaction is then aborted).
void run_step(pqxx::transaction_base& txn, const std::string& schema, const Step& step,
              std::size_t number, std::size_t count);

// Runs the steps in order inside `txn` (which the caller commits or not), each after
// SET LOCAL search_path, one round trip each (the caller's transaction cannot be run again to
// narrow down a batch). Throws StepError for the first that fails, and also for a step marked
// transactional = false (it cannot run in a transaction block: use the overload below).
void run_steps(pqxx::transaction_base& txn, const std::string& schema,
               const std::vector<Step>& steps);

// Runs the steps in file order on `conn`, committing as it goes: each run of consecutive
// transactional steps in one transaction, sent in batches (plan_batches), each
// non-transactional step alone outside any (after SET search_path). Meant for scratch databases
// (replaying a chain): no version table, no resuming. Throws StepError for the first step that
// fails (earlier runs stay committed).
void run_steps(pqxx::connection& conn, const std::string& schema, const std::vector<Step>& steps);

}  // namespace recon::apply
