// Running a revision's steps: the one place that sends a step's SQL to a server. Used by apply
// (against the target database) and by whoever replays revisions on a scratch database.
//
// Revisions are written relative to their schema: every step runs with the search path set to
// the schema first (SET LOCAL inside a transaction, SET for a step that runs outside one). The
// file's own preamble (CREATE SCHEMA / SET search_path, there for psql -f) is never run.
#pragma once

#include <cstddef>
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
// SET LOCAL search_path. Throws StepError for the first that fails, and also for a step marked
// transactional = false (it cannot run in a transaction block: use the overload below).
void run_steps(pqxx::transaction_base& txn, const std::string& schema,
               const std::vector<Step>& steps);

// Runs the steps in file order on `conn`, committing as it goes: each run of consecutive
// transactional steps in one transaction, each non-transactional step alone outside any
// (after SET search_path). Meant for scratch databases (replaying a chain): no version table,
// no resuming. Throws StepError for the first step that fails (earlier runs stay committed).
void run_steps(pqxx::connection& conn, const std::string& schema, const std::vector<Step>& steps);

}  // namespace recon::apply
