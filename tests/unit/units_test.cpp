// Which statements of a revision the executor runs together (apply/units.hpp): one transaction
// for an all-transactional revision, else transactions around each non-transactional step, and
// a resumed run starting after the steps its 'partial' row records.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "apply/units.hpp"

using namespace recon;
using namespace recon::apply;

namespace {

// A unit as "txn: step 1, step 2, sql, check, sql" or "alone: retry ix, step 2": recon's own
// statements as "sql" (consecutive ones once), each step's search path left out (checked apart).
std::vector<std::string> unit_shapes(const std::vector<Unit>& units) {
  std::vector<std::string> out;
  for (const auto& unit : units) {
    std::string shape = unit.transaction ? "txn:" : "alone:";
    std::string last;
    for (const auto& action : unit.actions) {
      std::string token;
      switch (action.kind) {
        case Action::Kind::sql:
          token = "sql";
          break;
        case Action::Kind::search_path:
          continue;
        case Action::Kind::step:
          token = "step " + std::to_string(action.step);
          break;
        case Action::Kind::check_target:
          token = "check";
          break;
        case Action::Kind::retry_index:
          token = "retry " + action.index;
          break;
      }
      if (token == "sql" && last == "sql") continue;
      shape += (last.empty() ? " " : ", ") + token;
      last = token;
    }
    out.push_back(shape);
  }
  return out;
}

Revision revision_of(std::vector<Step> steps) {
  Revision r;
  r.number = 3;
  r.slug = "units";
  r.plan.schema = "app";
  r.plan.steps = std::move(steps);
  return r;
}

Step transactional_step(const std::string& summary) {
  return Step{summary, "ALTER TABLE t ADD COLUMN c int;", {}, true, {}};
}

Step concurrent_index_step() {
  return Step{"+ index ix", "CREATE INDEX CONCURRENTLY ix ON t (c);", {}, false, {}};
}

RevisionRun run_of(const Revision& r, bool version_table_exists) {
  RevisionRun run;
  run.project = "app";
  run.schema = "app";
  run.revision = &r;
  run.version_table_exists = version_table_exists;
  return run;
}

}  // namespace

TEST_CASE("a revision of transactional steps is one transaction with its bookkeeping", "[apply]") {
  const auto r = revision_of({transactional_step("~ a"), transactional_step("~ b")});
  // The version table is created in the same transaction when it does not exist yet.
  CHECK(unit_shapes(plan_units(run_of(r, false))) ==
        std::vector<std::string>{"txn: step 1, step 2, sql, check, sql"});
  CHECK(unit_shapes(plan_units(run_of(r, true))) ==
        std::vector<std::string>{"txn: step 1, step 2, check, sql"});
}

TEST_CASE("a non-transactional step runs alone, between transactions that record progress",
          "[apply]") {
  const auto r =
      revision_of({transactional_step("~ a"), concurrent_index_step(), transactional_step("~ c")});
  const auto units = plan_units(run_of(r, true));
  CHECK(unit_shapes(units) == std::vector<std::string>{"txn: step 1, sql",
                                                       "alone: retry ix, step 2", "txn: sql",
                                                       "txn: step 3, check, sql"});
  // Each step after its search path: SET LOCAL in a transaction, a plain SET alone.
  CHECK(units[0].actions[0].sql == "SET LOCAL search_path TO app");
  CHECK(units[1].actions[1].sql == "SET search_path TO app");

  // Starting with the non-transactional step: the 'partial' row is committed before it.
  const auto first = revision_of({concurrent_index_step(), transactional_step("~ b")});
  CHECK(unit_shapes(plan_units(run_of(first, true))) ==
        std::vector<std::string>{"txn: sql", "alone: retry ix, step 1", "txn: sql",
                                 "txn: step 2, check, sql"});
}

TEST_CASE("a resumed run starts after the steps its partial row records", "[apply]") {
  const auto r =
      revision_of({transactional_step("~ a"), concurrent_index_step(), transactional_step("~ c")});
  auto run = run_of(r, true);
  run.partial = AppliedRevision{};
  run.partial->steps_done = 2;
  CHECK(unit_shapes(plan_units(run)) == std::vector<std::string>{"txn: step 3, check, sql"});
  // Every step done, the completion interrupted: only the completion is left.
  run.partial->steps_done = 3;
  CHECK(unit_shapes(plan_units(run)) == std::vector<std::string>{"txn: check, sql"});
  // Resuming at the non-transactional step itself: it runs again (after the invalid-index check).
  run.partial->steps_done = 1;
  CHECK(unit_shapes(plan_units(run)) ==
        std::vector<std::string>{"alone: retry ix, step 2", "txn: sql", "txn: step 3, check, sql"});
}
