// Names used by one object and declared by another: the columns that keys, indexes and
// constraints name, partition parents, foreign key targets, sequence owners. Checked once the
// whole project is read, with hash lookups so that a large schema costs linear time.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "declare/cross_project.hpp"
#include "declare/declaration.hpp"

namespace recon::declare {
namespace {

// The columns of each table, for membership tests and suggestions. A partition has the
// columns of its root parent. Wide tables get a hash set, built on first use; narrow ones are
// scanned, which is cheaper than hashing.
class Columns {
 public:
  explicit Columns(const Catalog& catalog) : catalog_(catalog) {}

  // The table whose columns `name` has; nullptr when unknown or a partition cycle.
  const Table* owner(const std::string& name) const {
    const Table* table = find(name);
    for (std::size_t hops = 0; table && table->partition_of; ++hops) {
      if (hops > catalog_.tables.size()) return nullptr;
      table = find(*table->partition_of);
    }
    return table;
  }

  bool has(const Table& table, const std::string& column) {
    if (table.columns.size() <= 16) {
      return std::any_of(table.columns.begin(), table.columns.end(),
                         [&](const Column& c) { return c.name == column; });
    }
    auto [set, created] = sets_.try_emplace(&table);
    if (created) {
      for (const Column& c : table.columns) set->second.insert(c.name);
    }
    return set->second.contains(column);
  }

  static std::vector<std::string> names(const Table& table) {
    std::vector<std::string> out;
    for (const Column& column : table.columns) out.push_back(column.name);
    return out;
  }

  const Table* find(const std::string& name) const {
    auto it = catalog_.tables.find(name);
    return it == catalog_.tables.end() ? nullptr : &it->second;
  }

 private:
  const Catalog& catalog_;
  std::unordered_map<const Table*, std::unordered_set<std::string_view>> sets_;
};

struct Checker {
  Declaration& declaration;
  Diagnostics& diagnostics;
  Columns columns;
  std::vector<std::string> table_names;  // built on the first miss

  std::string suggest_table(const std::string& name) {
    if (table_names.empty()) {
      for (const auto& [table, _] : declaration.catalog.tables) table_names.push_back(table);
    }
    return did_you_mean(name, table_names);
  }

  // "table 'x', which is not declared in schema 's' (did you mean 'y'?)"
  std::string unknown_table(const std::string& name) {
    return "table '" + name + "', which is not declared in schema '" + declaration.catalog.schema +
           "'" + suggest_table(name);
  }

  void column_use(const ColumnUse& use) {
    const Table* owner = columns.owner(use.table);
    if (!owner || columns.has(*owner, use.column.value)) return;
    diagnostics.error(use.column.where, "unknown column '" + use.column.value + "' in " + use.user +
                                            did_you_mean(use.column.value, Columns::names(*owner)));
  }

  void partition(const Located<std::string>& partition) {
    const Table& table = declaration.catalog.tables.at(partition.value);
    const std::string& parent_name = *table.partition_of;
    const Table* parent = columns.find(parent_name);
    if (!parent) {
      diagnostics.error(partition.where, "table '" + table.name + "' is a partition of " +
                                             unknown_table(parent_name));
    } else if (parent == &table || !columns.owner(table.name)) {
      diagnostics.error(partition.where,
                        "table '" + table.name +
                            "' cannot be a partition of itself (partition_of forms a cycle)");
    } else if (!parent->partition_by) {
      diagnostics.error(partition.where, "table '" + parent_name +
                                             "' is not partitioned: give it a partition_by to "
                                             "declare partitions of it");
    }
  }

  // partition_names name partitions of the index's table, at any depth.
  void partition_names(const Table& table) {
    for (const Index& index : table.indexes) {
      for (const auto& [name, _] : index.partition_names) {
        const Table* at = columns.find(name);
        for (std::size_t hops = 0; at && at->partition_of && *at->partition_of != table.name;
             ++hops)
          at = hops > declaration.catalog.tables.size() ? nullptr : columns.find(*at->partition_of);
        if (at && at->partition_of) continue;
        diagnostics.error(index.where_declared, "'partition_names' of index '" + index.name +
                                                    "' of table '" + table.name + "' names '" +
                                                    name + "', which is not a partition of '" +
                                                    table.name + "'" + suggest_table(name));
      }
    }
  }

  void owned_by(const OwnedByUse& use) {
    const Table* owner = columns.owner(use.table);
    if (!columns.find(use.table)) {
      diagnostics.error(use.where,
                        "sequence '" + use.sequence + "' is owned by " + unknown_table(use.table));
    } else if (owner && !columns.has(*owner, use.column)) {
      diagnostics.error(use.where, "owned_by of sequence '" + use.sequence + "': unknown column '" +
                                       use.column + "' in table '" + use.table + "'" +
                                       did_you_mean(use.column, Columns::names(*owner)));
    }
  }

  void foreign_key(const ForeignKeyUse& use);
  void local_target(const ForeignKeyUse& use, Constraint& fk, const Table& target);
  bool referenced_columns_exist(const ForeignKeyUse& use, const Constraint& fk,
                                const Table& target);
  void check_unique_target(const ForeignKeyUse& use, const Constraint& fk, const Table& target);
};

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

// Postgres accepts a foreign key only onto columns that a primary key, a unique constraint or
// a plain unique index covers exactly (in any order).
bool covered_by_unique(const Table& target, const std::vector<std::string>& columns) {
  const auto wanted = sorted(columns);
  for (const Constraint& c : target.constraints) {
    const bool key = c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique;
    if (key && sorted(c.columns) == wanted) return true;
  }
  for (const Index& index : target.indexes) {
    if (!index.unique || index.where) continue;
    std::vector<std::string> keys;
    for (const IndexKey& key : index.keys) keys.push_back(key.column);
    if (sorted(keys) == wanted) return true;
  }
  return false;
}

bool Checker::referenced_columns_exist(const ForeignKeyUse& use, const Constraint& fk,
                                       const Table& target) {
  const Table* owner = columns.owner(target.name);
  if (!owner) return false;
  bool all = true;
  for (std::size_t i = 0; i < fk.references.columns.size(); ++i) {
    const std::string& column = fk.references.columns[i];
    if (columns.has(*owner, column)) continue;
    all = false;
    diagnostics.error(use.target_columns.at(i), "unknown column '" + column + "' in table '" +
                                                    target.name + "', referenced by " +
                                                    use.description +
                                                    did_you_mean(column, Columns::names(*owner)));
  }
  return all;
}

void Checker::check_unique_target(const ForeignKeyUse& use, const Constraint& fk,
                                  const Table& target) {
  // A partition's keys are its parent's, which this check does not follow.
  if (target.partition_of || covered_by_unique(target, fk.references.columns)) return;
  std::string list;
  for (const auto& column : fk.references.columns) list += (list.empty() ? "" : ", ") + column;
  diagnostics.error(use.references, use.description + " references (" + list + ") of table '" +
                                        target.name +
                                        "', which no primary key or unique constraint covers: "
                                        "Postgres requires one");
}

void Checker::local_target(const ForeignKeyUse& use, Constraint& fk, const Table& target) {
  if (!fk.references.columns.empty()) {
    if (referenced_columns_exist(use, fk, target)) check_unique_target(use, fk, target);
    return;
  }
  auto key =
      std::find_if(target.constraints.begin(), target.constraints.end(),
                   [](const Constraint& c) { return c.kind == ConstraintKind::primary_key; });
  if (key == target.constraints.end()) {
    diagnostics.error(use.references, use.description + " references table '" + target.name +
                                          "', which has no primary key: list the referenced "
                                          "'columns'");
    return;
  }
  fk.references.columns = key->columns;
}

void Checker::foreign_key(const ForeignKeyUse& use) {
  Catalog& catalog = declaration.catalog;
  Constraint& fk = catalog.tables.at(use.table).constraints.at(use.constraint);
  ForeignKeyTarget& target = fk.references;
  if (target.table.empty()) return;  // reported when read
  // The catalog's own schema is spelled "" so that it compares equal to introspection.
  if (target.schema == catalog.schema) target.schema.clear();
  const bool ignored =
      std::binary_search(catalog.ignored.begin(), catalog.ignored.end(), target.table);
  if (!target.schema.empty() || ignored) {
    // Its columns are not known here, so they cannot be looked up.
    if (target.columns.empty()) {
      const std::string where =
          ignored ? "', which this project ignores" : "' of schema '" + target.schema + "'";
      diagnostics.error(use.references, use.description + " references table '" + target.table +
                                            where + ": list the referenced 'columns'");
    }
  } else if (const Table* table = columns.find(target.table)) {
    local_target(use, fk, *table);
  } else if (catalog.views.contains(target.table)) {
    diagnostics.error(use.target_table, use.description + " references view '" + target.table +
                                            "': a foreign key must reference a table");
    return;
  } else {
    diagnostics.error(use.target_table,
                      use.description + " references " + unknown_table(target.table));
    return;
  }
  if (!target.columns.empty() && !fk.columns.empty() && target.columns.size() != fk.columns.size())
    diagnostics.error(use.references,
                      use.description + " has " + std::to_string(fk.columns.size()) +
                          " columns but references " + std::to_string(target.columns.size()));
}

}  // namespace

void check_references(Declaration& declaration, Diagnostics& diagnostics) {
  Checker checker{declaration, diagnostics, Columns(declaration.catalog), {}};
  for (const ColumnUse& use : declaration.column_uses) checker.column_use(use);
  for (const auto& partition : declaration.partitions) checker.partition(partition);
  for (const auto& [_, table] : declaration.catalog.tables) checker.partition_names(table);
  for (const OwnedByUse& use : declaration.owned_by) checker.owned_by(use);
  for (const ForeignKeyUse& use : declaration.foreign_keys) checker.foreign_key(use);
}

bool key_covers(const Table& table, const std::vector<std::string>& columns) {
  return covered_by_unique(table, columns);
}

}  // namespace recon::declare
