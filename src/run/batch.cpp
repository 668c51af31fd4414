#include "run/batch.hpp"

#include "run/schema_statements.hpp"
#include "run/step_error.hpp"

namespace recon::run {
namespace {

std::string batch_range(const Batch& batch, std::size_t count) {
  return "steps " + std::to_string(batch.first + 1) + " to " + std::to_string(batch.last) + " of " +
         std::to_string(count);
}

}  // namespace

std::vector<Batch> plan_batches(const std::vector<Step>& steps, std::size_t first, std::size_t last,
                                const std::string& schema, std::size_t max_bytes,
                                std::size_t max_steps) {
  std::vector<Batch> out;
  std::size_t bytes = 0;
  for (std::size_t i = first; i < last; ++i) {
    const bool alone = creates_schema(schema, steps[i].sql);
    if (out.empty() || alone || out.back().size() >= max_steps ||
        bytes + steps[i].sql.size() > max_bytes ||
        creates_schema(schema, steps[out.back().first].sql)) {
      out.push_back({i, i});
      bytes = 0;
    }
    out.back().last = i + 1;
    bytes += steps[i].sql.size();
  }
  return out;
}

std::string batch_sql(const std::vector<Step>& steps, const Batch& batch,
                      const std::string& schema) {
  const std::string set = search_path_sql(schema) + ";\n";
  std::size_t size = 0;
  for (std::size_t i = batch.first; i < batch.last; ++i)
    size += set.size() + steps[i].sql.size() + 3;
  std::string out;
  out.reserve(size);
  for (std::size_t i = batch.first; i < batch.last; ++i) {
    out += set;
    out += steps[i].sql;
    out += "\n;\n";
  }
  return out;
}

BatchError::BatchError(Batch batch, std::size_t count, std::string server_message,
                       bool connection_lost, std::string sqlstate)
    : std::runtime_error(batch_range(batch, count) + " (sent to the server together) failed: " +
                         trimmed_message(server_message)),
      batch_(batch),
      count_(count),
      server_message_(trimmed_message(std::move(server_message))),
      connection_lost_(connection_lost),
      sqlstate_(std::move(sqlstate)) {}

void run_batch(pqxx::transaction_base& txn, const std::string& schema,
               const std::vector<Step>& steps, const Batch& batch) {
  try {
    txn.exec(batch_sql(steps, batch, schema));
  } catch (const pqxx::sql_error& e) {
    throw BatchError(batch, steps.size(), e.what(), false, e.sqlstate());
  } catch (const pqxx::broken_connection& e) {
    throw BatchError(batch, steps.size(), e.what(), true);
  }
}

void retry_batches(const std::function<void(const std::set<std::size_t>& one_by_one)>& attempt,
                   const std::function<void(const BatchError&)>& on_retry) {
  std::set<std::size_t> one_by_one;
  for (int tries = 1;; ++tries) {
    try {
      attempt(one_by_one);
      return;
    } catch (const BatchError& e) {
      if (e.connection_lost() || tries == kBatchAttempts ||
          !one_by_one.insert(e.batch().first).second)
        throw;
      if (on_retry) on_retry(e);
    }
  }
}

}  // namespace recon::run
