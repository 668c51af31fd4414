// The files of a directory project, merged into one declaration: an object may be declared
// in one file only, and the project-wide settings in one file or identically in each.
#include <algorithm>
#include <unordered_set>

#include "declare/declaration.hpp"
#include "declare/names.hpp"

namespace recon::declare {
namespace {

template <class T>
void merge_setting(std::optional<Located<T>>& into, std::optional<Located<T>>&& next,
                   std::string_view key, Diagnostics& diagnostics) {
  if (!next) return;
  if (!into) {
    into = std::move(next);
    return;
  }
  if (into->value != next->value)
    diagnostics.error(next->where, "'" + std::string(key) + "' is set differently at " +
                                       describe(into->where) +
                                       ": the files of a project must agree on it");
}

// Moves next's objects into `into`; returns the names of those already declared, whose
// recorded uses must be dropped with them.
template <class Object>
std::unordered_set<std::string> merge_objects(std::map<std::string, Object>& into,
                                              std::map<std::string, Object>& next,
                                              std::string_view kind, Diagnostics& diagnostics) {
  std::unordered_set<std::string> rejected;
  for (auto& [name, object] : next) {
    auto [existing, inserted] = into.try_emplace(name, std::move(object));
    if (inserted) continue;
    diagnostics.error(object.where, std::string(kind) + " '" + name + "' is already declared at " +
                                        describe(existing->second.where));
    rejected.insert(name);
  }
  return rejected;
}

template <class Use, class Name>
void append_uses(std::vector<Use>& into, std::vector<Use>&& next,
                 const std::unordered_set<std::string>& rejected, Name name_of) {
  for (Use& use : next) {
    if (!rejected.contains(name_of(use))) into.push_back(std::move(use));
  }
}

}  // namespace

void merge(Declaration& into, Declaration&& next, Diagnostics& diagnostics) {
  merge_setting(into.schema, std::move(next.schema), "schema", diagnostics);
  merge_setting(into.comment, std::move(next.comment), "comment", diagnostics);
  // The order of `ignore` means nothing: compare the sets.
  if (into.ignore) into.ignore->value = sorted_unique(into.ignore->value);
  if (next.ignore) next.ignore->value = sorted_unique(next.ignore->value);
  merge_setting(into.ignore, std::move(next.ignore), "ignore", diagnostics);
  if (into.extensions) into.extensions->value = sorted_unique(into.extensions->value);
  if (next.extensions) next.extensions->value = sorted_unique(next.extensions->value);
  merge_setting(into.extensions, std::move(next.extensions), "extensions", diagnostics);
  merge_setting(into.online, std::move(next.online), "online", diagnostics);
  merge_setting(into.lock_timeout, std::move(next.lock_timeout), "lock_timeout", diagnostics);
  merge_setting(into.lock_retries, std::move(next.lock_retries), "lock_retries", diagnostics);

  Catalog& a = into.catalog;
  Catalog& b = next.catalog;
  merge_objects(a.enums, b.enums, "enum", diagnostics);
  merge_objects(a.domains, b.domains, "domain", diagnostics);
  merge_objects(a.composites, b.composites, "composite type", diagnostics);
  merge_objects(a.ranges, b.ranges, "range type", diagnostics);
  merge_objects(a.views, b.views, "view", diagnostics);
  merge_objects(a.collations, b.collations, "collation", diagnostics);
  merge_objects(a.routines, b.routines, "routine", diagnostics);
  merge_objects(a.aggregates, b.aggregates, "aggregate", diagnostics);
  a.manages_privileges = a.manages_privileges || b.manages_privileges;
  a.grants.insert(a.grants.end(), b.grants.begin(), b.grants.end());
  a.default_privileges.insert(a.default_privileges.end(), b.default_privileges.begin(),
                              b.default_privileges.end());
  const auto tables = merge_objects(a.tables, b.tables, "table", diagnostics);
  const auto sequences = merge_objects(a.sequences, b.sequences, "sequence", diagnostics);

  append_uses(into.column_uses, std::move(next.column_uses), tables,
              [](const ColumnUse& use) { return use.table; });
  append_uses(into.foreign_keys, std::move(next.foreign_keys), tables,
              [](const ForeignKeyUse& use) { return use.table; });
  append_uses(into.partitions, std::move(next.partitions), tables,
              [](const Located<std::string>& table) { return table.value; });
  append_uses(into.type_uses, std::move(next.type_uses), tables,
              [](const TypeUse& use) { return use.table; });
  for (auto& [name, data] : next.data)
    if (!tables.contains(name)) into.data.try_emplace(name, std::move(data));
  append_uses(into.owned_by, std::move(next.owned_by), sequences,
              [](const OwnedByUse& use) { return use.sequence; });
}

}  // namespace recon::declare
