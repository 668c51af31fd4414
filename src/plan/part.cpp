#include "plan/part.hpp"

#include <algorithm>
#include <tuple>

namespace recon::plan {
namespace {

// Field by field, leaving out source locations and rename hints (no copies: this runs for
// every table of the schema).
bool same_column(const Column& a, const Column& b) {
  return std::tie(a.name, a.type, a.not_null, a.default_expr, a.identity, a.identity_options,
                  a.generated, a.collation,
                  a.comment) == std::tie(b.name, b.type, b.not_null, b.default_expr, b.identity,
                                         b.identity_options, b.generated, b.collation, b.comment);
}

bool same_constraint(const Constraint& a, const Constraint& b) {
  return std::tie(a.name, a.kind, a.columns, a.nulls_not_distinct, a.include, a.references,
                  a.on_delete, a.on_update, a.match, a.expression, a.no_inherit, a.deferrable,
                  a.initially_deferred, a.not_valid, a.comment) ==
         std::tie(b.name, b.kind, b.columns, b.nulls_not_distinct, b.include, b.references,
                  b.on_delete, b.on_update, b.match, b.expression, b.no_inherit, b.deferrable,
                  b.initially_deferred, b.not_valid, b.comment);
}

bool same_index(const Index& a, const Index& b) {
  return std::tie(a.name, a.method, a.unique, a.nulls_not_distinct, a.keys, a.include, a.where,
                  a.comment) == std::tie(b.name, b.method, b.unique, b.nulls_not_distinct, b.keys,
                                         b.include, b.where, b.comment);
}

template <typename T, typename Same>
bool same_list(const std::vector<T>& a, const std::vector<T>& b, Same same) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), same);
}

bool partitioned(const Table& t) {
  return t.partition_by || t.partition_of;
}

}  // namespace

Table stand_in(const Table& t) {
  Table s;
  s.name = t.name;
  for (const auto& c : t.columns) {
    Column column;
    column.name = c.name;
    column.type = c.type;
    column.not_null = c.not_null;
    column.collation = c.collation;
    s.columns.push_back(std::move(column));
  }
  for (const auto& c : t.constraints) {
    if (c.kind != ConstraintKind::primary_key && c.kind != ConstraintKind::unique) continue;
    Constraint key = c;
    key.comment.reset();
    key.where = {};
    s.constraints.push_back(std::move(key));
  }
  return s;
}

namespace {

std::optional<std::string> owner_table(const std::string& owned_by, const Catalog& part) {
  for (const auto& [name, table] : part.tables) {
    if (owned_by.size() > name.size() && owned_by.compare(0, name.size(), name) == 0 &&
        owned_by[name.size()] == '.')
      return name;
  }
  return std::nullopt;
}

}  // namespace

bool same_table(const Table& a, const Table& b) {
  return std::tie(a.name, a.unlogged, a.comment, a.partition_by, a.partition_of,
                  a.partition_bound) == std::tie(b.name, b.unlogged, b.comment, b.partition_by,
                                                 b.partition_of, b.partition_bound) &&
         same_list(a.columns, b.columns, same_column) &&
         same_list(a.constraints, b.constraints, same_constraint) &&
         same_list(a.indexes, b.indexes, same_index);
}

bool same_view(const View& a, const View& b) {
  return std::tie(a.name, a.definition, a.materialized, a.comment, a.depends_on,
                  a.uses_unmanaged) == std::tie(b.name, b.definition, b.materialized, b.comment,
                                                b.depends_on, b.uses_unmanaged) &&
         same_list(a.indexes, b.indexes, same_index);
}

std::optional<Part> part_of(const Catalog& catalog, const std::set<std::string>& tables,
                            const Catalog& others) {
  Part part;
  Catalog& c = part.catalog;
  c.schema = catalog.schema;
  c.schema_exists = catalog.schema_exists;
  c.schema_comment = catalog.schema_comment;
  c.enums = catalog.enums;
  c.domains = catalog.domains;
  c.composites = catalog.composites;
  c.ranges = catalog.ranges;
  c.sequences = catalog.sequences;
  c.extensions = catalog.extensions;
  c.ignored = catalog.ignored;
  for (const auto& name : tables) {
    const auto found = catalog.tables.find(name);
    if (found == catalog.tables.end()) continue;  // absent on this side
    if (partitioned(found->second)) return std::nullopt;
    c.tables.emplace(name, found->second);
  }
  std::set<std::string> wanted;
  for (const auto& [name, table] : c.tables)
    for (const auto& k : table.constraints)
      if (k.kind == ConstraintKind::foreign_key && k.references.schema.empty() &&
          !c.tables.count(k.references.table))
        wanted.insert(k.references.table);
  for (const auto& name : wanted) {
    const auto found = others.tables.find(name);
    if (found == others.tables.end() || partitioned(found->second)) return std::nullopt;
    c.tables.emplace(name, stand_in(found->second));
    part.stand_ins.insert(name);
  }
  for (auto& [name, sequence] : c.sequences) {
    if (!sequence.owned_by || owner_table(*sequence.owned_by, c)) continue;
    part.owners_cut.emplace(name, *sequence.owned_by);
    sequence.owned_by.reset();
  }
  return part;
}

namespace {

std::vector<Constraint> keys_of(const Table& t) {
  std::vector<Constraint> keys;
  for (const auto& c : t.constraints)
    if (c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique)
      keys.push_back(c);
  return keys;
}

const Column* column_of(const Table& t, const std::string& name) {
  for (const auto& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

void add_referenced_columns(const Catalog& catalog,
                            std::map<std::string, std::set<std::string>>& out) {
  for (const auto& [name, table] : catalog.tables)
    for (const auto& k : table.constraints)
      if (k.kind == ConstraintKind::foreign_key && k.references.schema.empty())
        out[k.references.table].insert(k.references.columns.begin(), k.references.columns.end());
}

}  // namespace

std::set<std::string> with_changed_keys(const Catalog& before, const Catalog& after,
                                        const std::set<std::string>& tables) {
  std::map<std::string, std::set<std::string>> referenced;
  add_referenced_columns(before, referenced);
  add_referenced_columns(after, referenced);
  std::set<std::string> out;
  for (const auto& name : tables) {
    const auto a = before.tables.find(name);
    const auto b = after.tables.find(name);
    if (a == before.tables.end() || b == after.tables.end() ||
        !same_list(keys_of(a->second), keys_of(b->second), same_constraint)) {
      out.insert(name);
      continue;
    }
    for (const auto& column : referenced[name]) {
      const Column* x = column_of(a->second, column);
      const Column* y = column_of(b->second, column);
      if (!x || !y || !same_column(*x, *y)) out.insert(name);
    }
  }
  return out;
}

std::set<std::string> referencing(const Catalog& catalog, const std::set<std::string>& tables) {
  std::set<std::string> out;
  for (const auto& [name, table] : catalog.tables)
    for (const auto& k : table.constraints)
      if (k.kind == ConstraintKind::foreign_key && k.references.schema.empty() &&
          tables.count(k.references.table))
        out.insert(name);
  return out;
}

bool read_by_views(const Catalog& catalog, const std::set<std::string>& tables) {
  for (const auto& [name, view] : catalog.views)
    for (const auto& d : view.depends_on)
      if (d.schema.empty() && tables.count(d.relation)) return true;
  return false;
}

}  // namespace recon::plan
