#include "run/runner.hpp"

namespace recon::run {
namespace {

void send_step_sql(pqxx::transaction_base& txn, const std::string& schema, const Step& step,
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

void set_search_path(pqxx::transaction_base& txn, const std::string& schema, bool local,
                     const Step& step, std::size_t number, std::size_t count) {
  try {
    txn.exec(search_path_sql(schema, local));
  } catch (const pqxx::sql_error& e) {
    throw StepError(number, count, step, e.what(), e.sqlstate());
  }
}

}  // namespace

void run_step(pqxx::transaction_base& txn, const std::string& schema, const Step& step,
              std::size_t number, std::size_t count) {
  if (!step.transactional)
    throw StepError(number, count, step,
                    "this step cannot run inside a transaction block (it is marked "
                    "not-transactional)",
                    "");
  set_search_path(txn, schema, true, step, number, count);
  send_step_sql(txn, schema, step, number, count);
}

void run_step_alone(pqxx::connection& conn, const std::string& schema, const Step& step,
                    std::size_t number, std::size_t count) {
  pqxx::nontransaction txn(conn);
  set_search_path(txn, schema, false, step, number, count);
  send_step_sql(txn, schema, step, number, count);
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
      run_step_alone(conn, schema, steps[i], i + 1, steps.size());
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

}  // namespace recon::run
