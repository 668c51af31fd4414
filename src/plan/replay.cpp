#include "plan/replay.hpp"

#include "catalog/identifier.hpp"
#include "diff/diff.hpp"
#include "plan/normalize.hpp"
#include "plan/order.hpp"

namespace recon::plan {
namespace {

struct StepText {
  std::string summary;
  std::string sql;
  bool transactional;
};

void run_steps(pqxx::connection& conn, const std::string& schema,
               const std::vector<StepText>& steps, const std::string& context) {
  const std::string search_path = "SET LOCAL search_path TO " + quote_ident(schema);
  auto fail = [&](std::size_t i, const std::exception& e) {
    throw std::runtime_error(context + ", step " + std::to_string(i + 1) + " (" + steps[i].summary +
                             ") fails on the dev database: " + e.what() + "SQL: " + steps[i].sql);
  };
  {
    pqxx::work txn(conn);
    txn.exec(search_path);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (!steps[i].transactional) continue;
      try {
        txn.exec(steps[i].sql);
      } catch (const pqxx::sql_error& e) {
        fail(i, e);
      }
    }
    txn.commit();
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].transactional) continue;
    try {
      pqxx::nontransaction txn(conn);
      txn.exec("SET search_path TO " + quote_ident(schema));
      txn.exec(steps[i].sql);
    } catch (const pqxx::sql_error& e) {
      fail(i, e);
    }
  }
}

}  // namespace

void replay_chain(pqxx::connection& conn, const Chain& chain) {
  for (const auto& revision : chain.revisions) {
    std::vector<StepText> steps;
    for (const auto& s : revision.plan.steps) steps.push_back({s.summary, s.sql, s.transactional});
    run_steps(conn, revision.plan.schema, steps, "revision " + revision.file.string());
  }
}

void run_plan(pqxx::connection& conn, const std::string& schema,
              const std::vector<Change>& changes) {
  std::vector<StepText> steps;
  for (const auto& c : changes) steps.push_back({c.summary, c.sql, c.transactional});
  run_steps(conn, schema, steps, "the new plan");
}

void materialize(pqxx::connection& conn, const Catalog& catalog) {
  Catalog empty;
  empty.schema = catalog.schema;
  empty.schema_exists = false;
  if (!catalog.schema_exists) return;
  run_plan(conn, catalog.schema, order(diff::diff(empty, catalog)).changes);
}

}  // namespace recon::plan
