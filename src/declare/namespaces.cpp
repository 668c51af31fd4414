// Names that Postgres keeps in one namespace must differ: the relations of a schema (tables,
// views, sequences, indexes, and the indexes behind primary key, unique and exclusion
// constraints), its types (enums, domains, and the row type of each table and view), and the
// constraints of each table.
#include "catalog/constraint_kind.hpp"
#include "declare/declaration.hpp"
#include "declare/names.hpp"

namespace recon::declare {
namespace {

void add_indexes(const std::vector<Index>& indexes, const std::string& owner,
                 Namespace& relations) {
  for (const Index& index : indexes) {
    relations.add(index.name, "index '" + index.name + "' of " + owner, index.where_declared);
  }
}

void add_table(const Table& table, Namespace& relations, Namespace& types,
               Diagnostics& diagnostics) {
  const std::string owner = "table '" + table.name + "'";
  relations.add(table.name, owner, table.where);
  types.add(table.name, owner, table.where, true);
  Namespace constraints;
  for (const Constraint& constraint : table.constraints) {
    const std::string description =
        std::string(words(constraint.kind).noun) + " '" + constraint.name + "' of " + owner;
    // Two index-backed constraints collide in `relations` too: report them there only.
    constraints.add(constraint.name, description, constraint.where, has_index(constraint.kind));
    if (has_index(constraint.kind)) relations.add(constraint.name, description, constraint.where);
  }
  constraints.report("the constraints of a table need distinct names", diagnostics);
  add_indexes(table.indexes, owner, relations);
}

}  // namespace

void check_namespaces(const Declaration& declaration, Diagnostics& diagnostics) {
  const Catalog& catalog = declaration.catalog;
  Namespace relations;
  Namespace types;
  for (const auto& [name, table] : catalog.tables) add_table(table, relations, types, diagnostics);
  for (const auto& [name, view] : catalog.views) {
    const std::string owner = (view.materialized ? "materialized view '" : "view '") + name + "'";
    relations.add(name, owner, view.where);
    types.add(name, owner, view.where, true);
    add_indexes(view.indexes, owner, relations);
  }
  for (const auto& [name, sequence] : catalog.sequences)
    relations.add(name, "sequence '" + name + "'", sequence.where);
  for (const auto& [name, type] : catalog.enums) types.add(name, "enum '" + name + "'", type.where);
  for (const auto& [name, domain] : catalog.domains)
    types.add(name, "domain '" + name + "'", domain.where);
  // A composite type has a row in pg_class too: it takes a relation's name as well.
  for (const auto& [name, composite] : catalog.composites) {
    relations.add(name, "composite type '" + name + "'", composite.where);
    types.add(name, "composite type '" + name + "'", composite.where, true);
  }
  for (const auto& [name, range] : catalog.ranges) {
    types.add(name, "range type '" + name + "'", range.where);
    if (!range.multirange.empty())
      types.add(range.multirange, "multirange type of range type '" + name + "'", range.where);
  }
  relations.report(
      "tables, views, sequences, indexes and the indexes of key constraints share one "
      "namespace in a schema",
      diagnostics);
  types.report(
      "enums, domains and the row types of tables and views share one namespace in a schema",
      diagnostics);
}

}  // namespace recon::declare
