// Running a revision's steps: the one place that sends a step's SQL to a server. Used by apply
// (against the target database), by whoever replays revisions on a scratch database, and by
// normalize (a declaration created on the dev server). Each step runs under the schema's search
// path (schema_statements.hpp); consecutive transactional steps may go in batches (batch.hpp);
// a step the server rejects throws StepError (step_error.hpp), the one failure type.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "run/batch.hpp"
#include "run/schema_statements.hpp"
#include "run/step.hpp"
#include "run/step_error.hpp"

namespace recon::run {

// Runs step `number` of `count` (1-based, for the error) inside `txn`: SET LOCAL search_path,
// then its SQL. Throws StepError when the server rejects it (the transaction is then aborted),
// and for a step marked transactional = false (it cannot run in a transaction block).
void run_step(pqxx::transaction_base& txn, const std::string& schema, const Step& step,
              std::size_t number, std::size_t count);

// Runs step `number` of `count` on `conn` outside any transaction block (for a step marked
// transactional = false, and any other): SET search_path, then its SQL. Throws StepError.
void run_step_alone(pqxx::connection& conn, const std::string& schema, const Step& step,
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

}  // namespace recon::run
