#include "apply/units.hpp"

#include <algorithm>

#include "apply/concurrent_index.hpp"
#include "apply/version_table.hpp"
#include "run/schema_statements.hpp"

namespace recon::apply {
namespace {

Action own_statement(std::string text) {
  return {Action::Kind::sql, std::move(text), 0, {}};
}

}  // namespace

std::vector<Unit> plan_units(const RevisionRun& run) {
  const Revision& r = *run.revision;
  const auto& steps = r.plan.steps;
  const std::size_t n = steps.size();
  std::vector<Unit> units;
  bool table = run.version_table_exists;
  const auto ensure_table = [&](Unit& unit) {
    if (table) return;
    for (auto& statement : create_version_table_sql(run.schema))
      unit.actions.push_back(own_statement(std::move(statement)));
    table = true;
  };
  const auto add_step = [&](Unit& unit, std::size_t i) {
    unit.actions.push_back(
        {Action::Kind::search_path, run::search_path_sql(run.schema, unit.transaction), 0, {}});
    unit.actions.push_back({Action::Kind::step, steps[i].sql, i + 1, {}});
  };
  const auto check = [](Unit& unit) {
    unit.actions.push_back({Action::Kind::check_target, {}, 0, {}});
  };

  const bool all_transactional =
      std::all_of(steps.begin(), steps.end(), [](const Step& s) { return s.transactional; });
  if (all_transactional && !run.partial) {
    Unit unit;
    for (std::size_t i = 0; i < n; ++i) add_step(unit, i);
    ensure_table(unit);
    check(unit);
    unit.actions.push_back(own_statement(insert_done_sql(run.schema, r, row_state::applied)));
    units.push_back(std::move(unit));
    return units;
  }

  // The 'partial' row is committed with the first steps when the revision starts with
  // transactional ones (so that a first revision creates its schema before the version table
  // lands in it), or alone before a first step that runs outside any transaction.
  std::size_t i = run.partial ? static_cast<std::size_t>(std::max(0, run.partial->steps_done)) : 0;
  bool recorded = run.partial.has_value();
  const auto record = [&](Unit& unit, std::size_t done) {
    if (!recorded) {
      ensure_table(unit);
      unit.actions.push_back(
          own_statement(insert_partial_sql(run.schema, r, static_cast<int>(done))));
      recorded = true;
    } else if (done == n) {
      check(unit);
      unit.actions.push_back(
          own_statement(complete_partial_sql(run.schema, r.number, static_cast<int>(n))));
    } else {
      unit.actions.push_back(
          own_statement(update_progress_sql(run.schema, r.number, static_cast<int>(done))));
    }
  };
  if (i >= n) {  // every step done, the completion was interrupted
    Unit unit;
    record(unit, n);
    units.push_back(std::move(unit));
  }
  while (i < n) {
    if (steps[i].transactional) {
      Unit unit;
      for (; i < n && steps[i].transactional; ++i) add_step(unit, i);
      record(unit, i);
      units.push_back(std::move(unit));
      continue;
    }
    if (!recorded) {
      Unit start;
      record(start, 0);
      units.push_back(std::move(start));
    }
    Unit alone;
    alone.transaction = false;
    if (auto index = concurrent_index_name(steps[i].sql))
      alone.actions.push_back({Action::Kind::retry_index, {}, i + 1, *index});
    add_step(alone, i);
    units.push_back(std::move(alone));
    ++i;
    Unit after;
    record(after, i);
    units.push_back(std::move(after));
  }
  return units;
}

}  // namespace recon::apply
