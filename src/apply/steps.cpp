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

bool creates_existing_schema(pqxx::transaction_base& txn, const std::string& schema,
                             const std::string& sql) {
  std::string_view text(sql);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == ';'))
    text.remove_suffix(1);
  if (text != "CREATE SCHEMA IF NOT EXISTS " + quote_ident(schema)) return false;
  return !txn.exec_params("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).empty();
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
    pqxx::work txn(conn);
    for (; i < steps.size() && steps[i].transactional; ++i)
      run_step(txn, schema, steps[i], i + 1, steps.size());
    txn.commit();
  }
}

}  // namespace recon::apply
