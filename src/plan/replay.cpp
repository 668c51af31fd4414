#include "plan/replay.hpp"

#include <algorithm>
#include <optional>
#include <regex>
#include <set>

#include "catalog/identifier.hpp"
#include "diff/diff.hpp"
#include "plan/order.hpp"
#include "run/runner.hpp"

namespace recon::plan {
namespace {

// The role a step names that the server lacks ("role \"todo_app\" does not exist"), if that
// is why it failed.
std::optional<std::string> missing_role(const run::StepError& e) {
  static const std::regex message(R"re(role "(.*)" does not exist)re");
  std::smatch m;
  if (e.sqlstate() != "42704" || !std::regex_search(e.server_message(), m, message))
    return std::nullopt;
  return m[1].str();
}

bool all_transactional(const std::vector<Step>& steps) {
  return std::all_of(steps.begin(), steps.end(), [](const Step& s) { return s.transactional; });
}

// Steps run exactly as apply runs them (run::run_steps), so that the dev database reaches
// the state the target database will reach. Roles are the cluster's, not the revisions': one
// a policy names is made on the dev server (NOLOGIN) and the revision, rolled back whole, run
// again.
void run(pqxx::connection& conn, const std::string& schema, const std::vector<Step>& steps,
         const std::string& context) {
  std::set<std::string> made;
  for (;;) {
    try {
      run::run_steps(conn, schema, steps);
      return;
    } catch (const run::StepError& e) {
      const auto role = missing_role(e);
      if (role && all_transactional(steps) && made.insert(*role).second) {
        pqxx::nontransaction(conn).exec("CREATE ROLE " + quote_ident(*role) + " NOLOGIN");
        continue;
      }
      throw std::runtime_error(context + ", step " + std::to_string(e.number()) + " (" +
                               e.summary() + ") fails on the dev database: " + e.server_message() +
                               "\nSQL: " + e.sql());
    }
  }
}

}  // namespace

void replay_chain(pqxx::connection& conn, const Chain& chain, int upto, int after) {
  for (const auto& revision : chain.revisions) {
    if (revision.number <= after) continue;
    if (upto >= 0 && revision.number > upto) break;
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
