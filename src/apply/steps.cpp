#include "apply/steps.hpp"

#include "catalog/identifier.hpp"

namespace recon::apply {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string describe(std::size_t number, std::size_t count, const Step& step,
                     const std::string& server_message) {
  return "step " + std::to_string(number) + "/" + std::to_string(count) + " (" + step.summary +
         ") failed: " + trimmed(server_message) + "\nSQL:\n" + trimmed(step.sql);
}

void exec_step(pqxx::transaction_base& txn, const std::string& schema, const Step& step,
               std::size_t number, std::size_t count) {
  try {
    if (creates_existing_schema(txn, schema, step.sql)) return;
    txn.exec(step.sql);
  } catch (const pqxx::sql_error& e) {
    throw StepError(number, count, step, e.what(), e.sqlstate());
  } catch (const pqxx::broken_connection& e) {
    throw StepError(number, count, step, e.what(), "");
  }
}

}  // namespace

StepError::StepError(std::size_t number, std::size_t count, const Step& step,
                     std::string server_message, std::string sqlstate)
    : std::runtime_error(describe(number, count, step, server_message)),
      number_(number),
      count_(count),
      summary_(step.summary),
      sql_(step.sql),
      server_message_(trimmed(std::move(server_message))),
      sqlstate_(std::move(sqlstate)) {}

namespace {

// The revision's "CREATE SCHEMA IF NOT EXISTS <schema>;" (see creates_existing_schema).
bool creates_schema(const std::string& schema, const std::string& sql) {
  std::string_view text(sql);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == ';'))
    text.remove_suffix(1);
  return text == "CREATE SCHEMA IF NOT EXISTS " + quote_ident(schema);
}

std::string batch_range(const Batch& batch, std::size_t count) {
  return "steps " + std::to_string(batch.first + 1) + " to " + std::to_string(batch.last) + " of " +
         std::to_string(count);
}

}  // namespace

bool creates_existing_schema(pqxx::transaction_base& txn, const std::string& schema,
                             const std::string& sql) {
  if (!creates_schema(schema, sql)) return false;
  return !txn.exec_params("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).empty();
}

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
    : std::runtime_error(batch_range(batch, count) +
                         " (sent to the server together) failed: " + trimmed(server_message)),
      batch_(batch),
      count_(count),
      server_message_(trimmed(std::move(server_message))),
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

std::string search_path_sql(const std::string& schema, bool local) {
  return std::string(local ? "SET LOCAL search_path TO " : "SET search_path TO ") +
         quote_ident(schema);
}

void run_step(pqxx::transaction_base& txn, const std::string& schema, const Step& step,
              std::size_t number, std::size_t count) {
  if (!step.transactional)
    throw StepError(number, count, step,
                    "this step cannot run inside a transaction block (it is marked "
                    "not-transactional)",
                    "");
  try {
    txn.exec(search_path_sql(schema));
  } catch (const pqxx::sql_error& e) {
    throw StepError(number, count, step, e.what(), e.sqlstate());
  }
  exec_step(txn, schema, step, number, count);
}

void run_steps(pqxx::transaction_base& txn, const std::string& schema,
               const std::vector<Step>& steps) {
  for (std::size_t i = 0; i < steps.size(); ++i)
    run_step(txn, schema, steps[i], i + 1, steps.size());
}

void run_steps(pqxx::connection& conn, const std::string& schema, const std::vector<Step>& steps) {
  std::size_t i = 0;
  while (i < steps.size()) {
    if (!steps[i].transactional) {
      pqxx::nontransaction txn(conn);
      try {
        txn.exec(search_path_sql(schema, false));
      } catch (const pqxx::sql_error& e) {
        throw StepError(i + 1, steps.size(), steps[i], e.what(), e.sqlstate());
      }
      exec_step(txn, schema, steps[i], i + 1, steps.size());
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < steps.size() && steps[end].transactional) ++end;
    const auto batches = plan_batches(steps, i, end, schema);
    try {
      retry_batches([&](const std::set<std::size_t>& one_by_one) {
        pqxx::work txn(conn);
        for (const auto& batch : batches) {
          if (batch.size() > 1 && !one_by_one.contains(batch.first)) {
            run_batch(txn, schema, steps, batch);
            continue;
          }
          for (std::size_t k = batch.first; k < batch.last; ++k)
            run_step(txn, schema, steps[k], k + 1, steps.size());
        }
        txn.commit();
      });
    } catch (const BatchError& e) {
      // Not narrowed down to one step: name the batch's first, with the server's message.
      throw StepError(e.batch().first + 1, steps.size(), steps[e.batch().first],
                      std::string(e.what()), "");
    }
    i = end;
  }
}

}  // namespace recon::apply
