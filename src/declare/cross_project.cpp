#include "declare/cross_project.hpp"

#include <algorithm>
#include <map>

#include "catalog/identifier.hpp"

namespace recon::declare {
namespace {

std::string columns_text(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + quote_ident(c);
  return out;
}

std::vector<std::string> table_names(const Catalog& catalog) {
  std::vector<std::string> out;
  for (const auto& [name, t] : catalog.tables) out.push_back(name);
  return out;
}

// The problem with one reference into `target`'s schema, or "" when there is none.
std::string problem(const Constraint& fk, const Project& target) {
  const auto& ref = fk.references;
  const Catalog& c = target.catalog;
  const std::string owner = "project " + target.name + " (" + target.source.generic_string() + ")";
  if (std::find(c.ignored.begin(), c.ignored.end(), ref.table) != c.ignored.end()) return "";
  auto table = c.tables.find(ref.table);
  if (table == c.tables.end())
    return "table " + quote_ident(ref.table) + " is not declared by " + owner +
           did_you_mean(ref.table, table_names(c));
  std::vector<std::string> columns;
  for (const auto& column : table->second.columns) columns.push_back(column.name);
  for (const auto& name : ref.columns) {
    if (std::find(columns.begin(), columns.end(), name) == columns.end())
      return "table " + qualified(c.schema, ref.table) + " of " + owner + " has no column " +
             quote_ident(name) + did_you_mean(name, columns);
  }
  if (!table->second.partition_of && !key_covers(table->second, ref.columns))
    return "no primary key or unique constraint of " + qualified(c.schema, ref.table) + " in " +
           owner + " covers (" + columns_text(ref.columns) +
           "), which Postgres requires of a foreign key's target: declare one there";
  return "";
}

}  // namespace

void check_cross_project_references(const std::vector<const Project*>& projects) {
  std::map<std::string, const Project*> by_schema;
  for (const Project* p : projects) by_schema.emplace(p->catalog.schema, p);
  std::vector<Diagnostic> problems;
  for (const Project* p : projects) {
    for (const auto& [name, table] : p->catalog.tables) {
      for (const auto& fk : table.constraints) {
        const auto& ref = fk.references;
        if (fk.kind != ConstraintKind::foreign_key || ref.schema.empty() ||
            ref.schema == p->catalog.schema)
          continue;
        auto target = by_schema.find(ref.schema);
        if (target == by_schema.end()) continue;
        const std::string why = problem(fk, *target->second);
        if (why.empty()) continue;
        problems.push_back({fk.where, "foreign key (" + columns_text(fk.columns) + ") of table " +
                                          quote_ident(name) + " references " +
                                          qualified(ref.schema, ref.table) + " (" +
                                          columns_text(ref.columns) + "), but " + why});
      }
    }
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

}  // namespace recon::declare
