// Applying one revision whose preconditions apply.cpp has checked (lock held, parent applied,
// source fingerprint matched, hazards allowed). units.hpp cuts the revision into the units
// described here; concurrent_index.hpp resumes an interrupted CREATE INDEX CONCURRENTLY.
//
// A revision whose steps are all transactional runs in one transaction: for each step
// SET LOCAL search_path then its SQL; then the version table (created with the schema on
// first use), the check that the schema's fingerprint is now the revision's target, and the
// version-table row; then COMMIT. Any failure rolls all of it back. Consecutive steps are sent
// in batches (run/batch.hpp: one round trip for up to kBatchSteps steps); a batch the server
// rejects is rolled back with its transaction, which runs again with that batch sent a step at
// a time, so that the failing step is named with its own message.
//
// A revision with non-transactional steps (CREATE INDEX CONCURRENTLY, ...) cannot be atomic.
// It runs in file order: each run of consecutive transactional steps in one transaction that
// also records the progress in a 'partial' row (steps_done), and each non-transactional step
// alone, followed by a transaction recording it (the 'partial' row is committed before such a
// step when no step ran yet); the last transaction checks the target fingerprint and marks the
// row applied. A run that is interrupted resumes
// after the last recorded step. A non-transactional step interrupted between running and being
// recorded runs again, so such steps must be idempotent (IF [NOT] EXISTS); for CREATE INDEX
// CONCURRENTLY recon handles it: an interrupted build leaves an INVALID index, which recon
// drops (DROP INDEX CONCURRENTLY) before building it again, and a valid index of that name
// found when resuming at that very step means the build finished: the step counts as done.
//
// A unit (one transaction, or one non-transactional step) whose statement could not take a lock
// within the session's lock_timeout is run again, whole, after a pause that doubles each time
// (1 s, 2 s, 4 s, ... at most 10 s), up to lock_retries times; then the revision is refused
// (apply::Refused), naming the sessions that held or queued for the lock, as the StepMonitor
// last saw them. The whole transaction is retried rather than the step alone (which a
// SAVEPOINT would allow): rolling back releases the locks its earlier steps took, so that
// traffic on those tables is not blocked while recon waits to try again.
//
// A stop request (interrupt.hpp) cancels the statement under way; the executor then throws
// apply::Interrupted saying what was rolled back and which steps stay done.
#pragma once

#include <chrono>
#include <string>

#include <pqxx/pqxx>

#include "apply/progress.hpp"
#include "apply/revision_run.hpp"

namespace recon::apply {

// The pause before retry `retry` (1-based) of a unit whose lock wait timed out.
std::chrono::milliseconds lock_retry_delay(int retry);

// Runs the revision on `conn` (no transaction open). Throws apply::Failed saying what failed
// (the step, its SQL and the server's message, or the target check) and what was rolled back.
void execute_revision(pqxx::connection& conn, const RevisionRun& run, Progress& progress);

// The SQL execute_revision sends, in order, as a script for --dry-run: BEGIN/COMMIT around each
// transaction, every SET, step and version-table statement; the checks recon makes between
// statements are comments.
std::string revision_script(const RevisionRun& run);

}  // namespace recon::apply
