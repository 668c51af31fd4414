#include "plan/replay.hpp"

#include <set>

#include "catalog/identifier.hpp"
#include "declare/type_names.hpp"
#include "diff/diff.hpp"
#include "plan/order.hpp"
#include "run/runner.hpp"

namespace recon::plan {
namespace {

// Steps run exactly as apply runs them (run::run_steps), so that the dev database reaches
// the state the target database will reach.
void run(pqxx::connection& conn, const std::string& schema, const std::vector<Step>& steps,
         const std::string& context) {
  try {
    run::run_steps(conn, schema, steps);
  } catch (const run::StepError& e) {
    throw std::runtime_error(context + ", step " + std::to_string(e.number()) + " (" + e.summary() +
                             ") fails on the dev database: " + e.server_message() +
                             "\nSQL: " + e.sql());
  }
}

}  // namespace

void ensure_roles(pqxx::connection& conn, const std::vector<std::string>& roles) {
  if (roles.empty()) return;
  std::string sql;
  for (const auto& role : roles)
    sql += "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = " + quote_literal(role) +
           ") THEN CREATE ROLE " + quote_ident(role) + " NOLOGIN; END IF;\n";
  // Two plans at once may both find a role missing: the second CREATE then fails, and the
  // role exists, which is all that is asked.
  pqxx::nontransaction(conn).exec("DO $recon$ BEGIN\n" + sql +
                                  "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; "
                                  "END $recon$;");
}

std::string foreign_extensions_sql(const Catalog& catalog) {
  std::set<declare::ForeignExtensionType> needed;
  const auto note = [&](const std::string& type) {
    if (auto found = declare::foreign_extension_type(type, catalog.schema)) needed.insert(*found);
  };
  for (const auto& [name, table] : catalog.tables)
    for (const auto& column : table.columns) note(column.type);
  for (const auto& [name, domain] : catalog.domains) note(domain.base_type);
  for (const auto& [name, composite] : catalog.composites)
    for (const auto& attribute : composite.attributes) note(attribute.type);
  std::string sql;
  for (const auto& n : needed)
    sql += "CREATE SCHEMA IF NOT EXISTS " + quote_ident(n.schema) +
           ";\nCREATE EXTENSION IF NOT EXISTS " + quote_ident(n.extension) + " WITH SCHEMA " +
           quote_ident(n.schema) + ";\n";
  return sql;
}

void replay_chain(pqxx::connection& conn, const Chain& chain, int upto, int after) {
  for (const auto& revision : chain.revisions) {
    if (revision.number <= after) continue;
    if (upto >= 0 && revision.number > upto) break;
    ensure_roles(conn, revision.plan.roles);
    run(conn, revision.plan.schema, revision.plan.steps, "revision " + revision.file.string());
  }
}

void run_plan(pqxx::connection& conn, const std::string& schema,
              const std::vector<Change>& changes) {
  run(conn, schema, steps_of(changes), "the new plan");
}

void materialize(pqxx::connection& conn, const Catalog& catalog) {
  Catalog empty;
  empty.schema = catalog.schema;
  empty.schema_exists = false;
  if (!catalog.schema_exists) return;
  run_plan(conn, catalog.schema, order(diff::diff(empty, catalog)).changes);
}

}  // namespace recon::plan
