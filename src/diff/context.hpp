// Shared state of one diff run; each diff_*.cpp file handles one kind of object.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.hpp"
#include "diff/change.hpp"

namespace recon::diff {

struct Context {
  const Catalog& from;
  const Catalog& to;
  std::vector<Change> changes;
  bool online = true;                                            // Options::online
  std::set<std::pair<std::string, std::string>> nullable_first;  // diff()'s NullableFirst
  // Routines the plan drops, to create again or not (diff_routines): what calls them is
  // dropped before and created again after.
  std::set<std::string> dropped_routines;
  // Text search configurations whose mapping or dictionaries change (diff_text_search): what
  // their users stored is computed again.
  std::set<std::string> remapped_configurations;

  Change& emit(ChangeKind kind, std::string object, std::string summary, std::string sql);
};

void diff_enums(Context& ctx);
void diff_domains(Context& ctx);
void diff_composites(Context& ctx);
void diff_ranges(Context& ctx);
void diff_sequences(Context& ctx);
void diff_tables(Context& ctx);
void diff_columns(Context& ctx, const Table& before, const Table& after);
void diff_constraints(Context& ctx, const Table& before, const Table& after, bool table_is_new);
void diff_indexes(Context& ctx, const std::string& relation, const std::vector<Index>& before,
                  const std::vector<Index>& after, bool relation_is_new);
void diff_views(Context& ctx);
void diff_routines(Context& ctx);
void diff_collations(Context& ctx);
void diff_text_search(Context& ctx);
// Whether one of these configurations (Column::text_search_configs and the like) is in
// Context::remapped_configurations.
bool text_search_remapped(const Context& ctx, const std::vector<std::string>& configurations);
void diff_triggers(Context& ctx);
void diff_policies(Context& ctx);  // row-level security: the flags and the policies
// Whether a change of the plan drops the relation (dropped, or rebuilt: its triggers and
// policies go with it) (diff_triggers.cpp).
bool relation_dropped(const Context& ctx, const std::string& relation);
// The relation `now` was before the plan: the one of its name, or the one it is renamed from.
template <typename Map, typename Relation>
const Relation* before_of(const Map& from, const Map& to, const Relation& now) {
  if (const auto old = from.find(now.name); old != from.end()) return &old->second;
  if constexpr (requires { now.renamed_from; }) {
    for (const auto& old_name : now.renamed_from)
      if (const auto old = from.find(old_name); old != from.end() && !to.count(old_name))
        return &old->second;
  }
  return nullptr;
}
// The keys the changes made so far drop, renames aside: Postgres carries a renamed table or
// column's policies and privileges along.
std::set<std::string> dropped_not_renamed(const Context& ctx);
// Last: it reads the other changes to know which objects the plan drops or creates again.
void diff_grants(Context& ctx);
// Whether one of these routines (Column::calls and the like) is in Context::dropped_routines.
bool calls_dropped(const Context& ctx, const std::vector<std::string>& calls);
// Two indexes built the same way, whatever their names (diff_constraints.cpp).
bool same_index_definition(const Index& a, const Index& b);
// Partitions' indexes named otherwise than Postgres names them (partition_index_names.cpp).
void diff_partition_index_names(Context& ctx);
// Refuses a plan that drops a table with partitions in other schemas (partitions_elsewhere.cpp).
void refuse_dropping_partitions_elsewhere(const Context& ctx);
// An enum losing values (enum_rebuild.cpp): a new type takes over the columns, in one step,
// after `renames` (SQL renaming values in place).
void rebuild_enum(Context& ctx, const EnumType& after, const std::vector<std::string>& removed,
                  const std::string& renames);
// Enum values added and used in the same plan: added first, each outside the transaction.
void commit_used_enum_values(Context& ctx);

// Changes for a new table (create, foreign keys, indexes, comments) and a dropped one.
void create_table(Context& ctx, const Table& table);
void drop_constraint(Context& ctx, const std::string& table, const Constraint& constraint);
void drop_table(Context& ctx, const Table& table);

// Renames (renames.cpp). A rename breaks the application version still running: the hazard.
Hazard renamed_under_running_application(const std::string& old_name, const std::string& what);
// A drop that may be a rename nobody declared: " May be a rename: ..." with the renamed_from
// line to add, or "" when `added` (the candidates: same type, or same columns) is empty.
std::string maybe_renamed(const std::string& kind, const std::string& dropped,
                          const std::vector<std::string>& added, const std::string& where);

// Hazards of changing a column's type in place.
std::vector<Hazard> type_change_hazards(const std::string& table, const Column& before,
                                        const Column& after);

}  // namespace recon::diff
