// Consecutive transactional steps are sent to the server together, as one multi-statement
// query string (one round trip instead of two per step): each step after its SET LOCAL
// search_path, as when it runs alone. Postgres runs the statements of such a string in order
// inside the open transaction and stops at the first error; which step it was is not said, so
// callers run the transaction again with the rejected batch sent a step at a time
// (retry_batches below): the failing step is then named with the message it has alone.
#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "run/step.hpp"

namespace recon::run {

struct Batch {
  std::size_t first = 0;  // 0-based index of its first step
  std::size_t last = 0;   // one past its last step
  std::size_t size() const { return last - first; }
};

// Up to this many bytes of SQL, or kBatchSteps steps, in one batch.
inline constexpr std::size_t kBatchBytes = 256 * 1024;
inline constexpr std::size_t kBatchSteps = 1000;

// Steps [first, last) of `steps` (all transactional) cut into batches in order. A step that
// creates the schema itself (see creates_existing_schema) is a batch of its own: the runner
// looks whether the schema exists right before it.
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

}  // namespace recon::run
