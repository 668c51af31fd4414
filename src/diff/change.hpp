// A Change is one thing that differs between two catalogs: the Step that makes it happen (its
// summary, SQL, hazards), what kind of change it is, and the keys that tell the order stage what
// it depends on. A plan's steps are its changes with the planning information sliced off.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "run/step.hpp"

namespace recon {

// Listed in the order steps run when nothing else decides: removals of dependents first,
// then types, relations, columns, keys, indexes, views, comments.
enum class ChangeKind {
  drop_policy,
  drop_trigger,
  drop_view,
  drop_foreign_key,
  drop_constraint,
  drop_index,
  drop_column,
  drop_table,
  drop_routine,
  drop_composite,
  drop_range,
  drop_sequence,
  drop_domain,
  drop_enum,
  drop_text_search_configuration,
  drop_text_search_dictionary,
  drop_collation,
  drop_extension,
  create_schema,
  create_extension,
  create_collation,
  create_text_search_dictionary,
  alter_text_search_dictionary,
  create_text_search_configuration,
  alter_text_search_configuration,
  rename_table,
  rename_column,
  rename_constraint,
  rename_index,
  create_enum,
  alter_enum,
  create_domain,
  alter_domain,
  create_range,
  create_composite,
  alter_composite,
  create_sequence,
  alter_sequence,
  create_routine,
  alter_routine,
  create_table,
  alter_table,
  add_column,
  alter_column,
  add_constraint,
  validate_constraint,
  add_foreign_key,
  create_index,
  sequence_owner,
  create_view,
  create_trigger,
  alter_trigger,
  create_policy,
  alter_policy,
  alter_row_security,
  alter_default_privileges,
  revoke,  // before grant: revoking a table-wide privilege takes the column privileges of that
  grant,   // kind with it; both in the revision's transaction, nobody sees the moment between
  comment,
  hand_written,  // SQL the user wrote (plan/hand_written.hpp); placed by its anchors
  data_row,      // reference data: after every schema change (diff/rows.hpp orders them)
};

// Dependency keys: "rel:<name>" (tables, views, sequences, indexes share one namespace),
// "col:<table>.<column>", "type:<name>", "key:<table>(<col>,...)" for unique keys,
// "con:<table>.<name>", "fn:<name>(<argument types>)" for routines, "pol:<table>.<name>" for
// policies, "coll:<name>", "tsdict:<name>" and "tsconfig:<name>" for collations and text search
// objects. A key names an object of the plan's own schema unless it carries a schema prefix
// ("rel:other.users"); keys that no change creates are assumed to exist.
struct Change : Step {
  ChangeKind kind = ChangeKind::comment;
  std::string object;    // "table todos", "column todos.title", "index todos_title_idx"
  SourceLocation where;  // the declaration that asked for it, when known

  std::vector<std::string> creates;      // keys that exist after this change
  std::vector<std::string> drops;        // keys that no longer exist after it
  std::vector<std::string> needs;        // keys that must exist before it runs
  std::vector<std::string> uses_old;     // keys the old object used: run before they drop
  std::vector<std::string> after_drops;  // run after these keys are dropped
};

// The plan's steps the changes make, in their order.
inline std::vector<Step> steps_of(const std::vector<Change>& changes) {
  return {changes.begin(), changes.end()};
}

}  // namespace recon
