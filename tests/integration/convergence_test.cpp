// Convergence: for a pair of states (A made by SQL, B declared in TOML), the plan recon computes
// from introspect(A) to normalize(B), run on A, reaches B exactly, and a second diff is empty.
// The cases are data, one directory each under tests/cases/convergence/ (a.sql, b.toml and
// expect.txt for the hazards, step order, queries or refusals that must hold: see
// tests/cases/README.md); this file runs them.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "catalog/diagnostic.hpp"
#include "diff/diff.hpp"
#include "integration/schema_states.hpp"
#include "plan/order.hpp"
#include "plan/replay.hpp"
#include "support/cases.hpp"

namespace {

namespace fs = std::filesystem;
using recon::Catalog;
using recon::Change;
using recon::testing::Expectations;

std::string describe(const std::vector<Change>& changes) {
  std::string out;
  for (const Change& c : changes) {
    out += c.summary;
    for (const auto& h : c.hazards) out += " [" + h.kind + "]";
    out += "\n    " + c.sql + "\n";
  }
  return out;
}

bool carries(const Change& change, const std::string& kind) {
  return std::any_of(change.hazards.begin(), change.hazards.end(),
                     [&](const recon::Hazard& h) { return h.kind == kind; });
}

bool has_hazard(const std::vector<Change>& changes, const std::string& kind) {
  return std::any_of(changes.begin(), changes.end(),
                     [&](const Change& c) { return carries(c, kind); });
}

struct Outcome {
  Catalog from;
  Catalog to;
  recon::plan::OrderedChanges plan;
  Catalog reached;
};

// A made by SQL in `db` (unless the schema is to be absent), B normalized meanwhile.
void prepare(recon::testing::TestDatabase& db, const std::string& before_sql,
             const std::string& after_toml, bool schema_absent, Outcome& out) {
  const Catalog parsed = recon::testing::parsed(after_toml);
  auto normalized = recon::testing::normalized_async(parsed);
  if (!schema_absent) recon::testing::run_sql(db.conn(), parsed.schema, before_sql);
  out.from = recon::testing::introspected(db.conn(), parsed.schema, parsed.ignored,
                                          parsed.manages_privileges);
  out.to = normalized.get();
}

// The plan from A to B, run on A.
void converge(recon::testing::TestDatabase& db, Outcome& out) {
  out.plan = recon::plan::order(recon::diff::diff(out.from, out.to));
  INFO("plan:\n" << describe(out.plan.changes));
  recon::plan::run_plan(db.conn(), out.to.schema, out.plan.changes);
  out.reached = recon::testing::introspected(db.conn(), out.to.schema, out.to.ignored,
                                             out.to.manages_privileges);
}

// The index of the step with this summary; FAILs when there is none.
std::size_t step_of(const recon::plan::OrderedChanges& plan, const std::string& summary) {
  for (std::size_t i = 0; i < plan.changes.size(); ++i) {
    if (plan.changes[i].summary == summary) return i;
  }
  FAIL("no step '" << summary << "' in the plan:\n" << describe(plan.changes));
  return 0;
}

void check_error_says(const std::string& message, const std::vector<std::string>& texts) {
  INFO("error: " << message);
  for (const auto& text : texts) {
    INFO("expected in the error: " << text);
    CHECK(message.find(text) != std::string::npos);
  }
}

// error-contains: the diff refuses B with an error that says each text.
void check_refused(const Outcome& out, const Expectations& expect) {
  try {
    const auto changes = recon::diff::diff(out.from, out.to);
    FAIL("diff accepted the change; its plan:\n" << describe(changes));
  } catch (const recon::InputError& e) {
    check_error_says(e.what(), expect.errors);
  }
}

// run-fails: the plan is made, but running it on A fails with an error that says each text,
// and A is left exactly as it was (the plan's transaction rolled back).
void check_run_fails(recon::testing::TestDatabase& db, Outcome& out, const Expectations& expect) {
  try {
    converge(db, out);
    FAIL("the plan ran to the end:\n" << describe(out.plan.changes));
  } catch (const std::exception& e) {
    check_error_says(e.what(), expect.run_errors);
  }
  const Catalog after = recon::testing::introspected(db.conn(), out.from.schema, out.to.ignored,
                                                     out.to.manages_privileges);
  recon::testing::check_same_catalog(after, "state after the failed run", out.from, "state A",
                                     false);
}

void check_reached(const Outcome& out, const Expectations& expect) {
  recon::testing::check_same_catalog(out.reached, "reached state", out.to, "declared state B",
                                     expect.any_column_order);
  const auto again = recon::diff::diff(out.reached, out.to);
  INFO("second diff:\n" << describe(again));
  CHECK(again.empty());
}

void check_hazards(const recon::plan::OrderedChanges& plan, const Expectations& expect) {
  for (const auto& kind : expect.hazards) {
    INFO("hazard expected: " << kind);
    CHECK(has_hazard(plan.changes, kind));
  }
  for (const auto& [kind, summary] : expect.step_hazards) {
    INFO("hazard expected: " << kind << " on " << summary);
    CHECK(carries(plan.changes.at(step_of(plan, summary)), kind));
  }
  for (const auto& ban : expect.no_hazards) {
    for (const Change& change : plan.changes) {
      if (std::count(ban.except.begin(), ban.except.end(), change.summary) > 0) continue;
      INFO("hazard not expected: " << ban.kind << ", found on " << change.summary);
      CHECK_FALSE(carries(change, ban.kind));
    }
  }
}

void check_steps(const recon::plan::OrderedChanges& plan, const Expectations& expect) {
  for (const auto& order : expect.orders) {
    for (std::size_t i = 1; i < order.size(); ++i) {
      INFO("expected '" << order[i - 1] << "' before '" << order[i] << "'");
      CHECK(step_of(plan, order[i - 1]) < step_of(plan, order[i]));
    }
  }
  for (const auto& [count, prefix] : expect.counts) {
    INFO("steps expected starting with '" << prefix << "': " << count);
    CHECK(std::count_if(plan.changes.begin(), plan.changes.end(), [&](const Change& c) {
            return c.summary.starts_with(prefix);
          }) == static_cast<std::ptrdiff_t>(count));
  }
}

void check_queries(recon::testing::TestDatabase& db, const std::string& schema,
                   const Expectations& expect) {
  for (const auto& query : expect.checks) {
    pqxx::work txn(db.conn());
    txn.exec("SET LOCAL search_path TO " + recon::quote_ident(schema));
    INFO("check: " << query);
    CHECK(txn.exec1(query)[0].as<bool>());
  }
}

void run_convergence_case(const fs::path& dir) {
  const Expectations expect = recon::testing::read_expectations(dir);
  const std::string after = recon::testing::read_case_file(dir / "b.toml");
  std::string before;
  if (expect.schema_absent) {
    INFO("no-schema: state A is no schema at all, so the case has no a.sql");
    REQUIRE_FALSE(fs::exists(dir / "a.sql"));
  } else {
    before = recon::testing::read_case_file(dir / "a.sql");
  }
  INFO("A (SQL):\n" << before);
  INFO("B (TOML):\n" << after);
  recon::testing::TestDatabase db;
  Outcome out;
  prepare(db, before, after, expect.schema_absent, out);
  if (!expect.errors.empty()) return check_refused(out, expect);
  if (!expect.run_errors.empty()) {
    check_run_fails(db, out, expect);
    check_hazards(out.plan, expect);
    return check_queries(db, out.from.schema, expect);
  }
  converge(db, out);
  INFO("plan:\n" << describe(out.plan.changes));
  check_reached(out, expect);
  check_hazards(out.plan, expect);
  check_steps(out.plan, expect);
  check_queries(db, out.to.schema, expect);
}

const bool convergence_cases_registered = recon::testing::register_cases(
    "convergence", "[convergence]", CATCH_INTERNAL_LINEINFO, 60, run_convergence_case);

}  // namespace
