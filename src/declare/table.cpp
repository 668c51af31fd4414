// A table: partitioning, columns, constraints (under the table or in shorthand on a column)
// and indexes.
#include <algorithm>
#include <unordered_map>

#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"
#include "declare/reference_data.hpp"

namespace recon::declare {
namespace {

const std::vector<std::string> system_columns = {"tableoid", "xmin", "cmin",
                                                 "xmax",     "cmax", "ctid"};

void read_partitioning(const Fields& f, Table& table, Declaration& out) {
  table.partition_by = f.sql("partition_by");
  table.partition_bound = f.sql("partition_bound");
  auto parent = f.located_text("partition_of");
  if (!parent) {
    if (f.get("partition_bound"))
      f.error(f.where("partition_bound"),
              "'partition_bound' " + f.context() + " needs 'partition_of'");
    return;
  }
  check_name(parent->value, "table name", parent->where, f.diagnostics());
  table.partition_of = parent->value;
  out.partitions.push_back({table.name, parent->where});
  if (!f.get("partition_bound"))
    f.error(parent->where,
            "table '" + table.name + "' is a partition of '" + parent->value +
                "' but has no 'partition_bound' (\"for values ...\" or \"default\")");
  if (f.get("columns"))
    f.error(f.where("columns"), "partition '" + table.name +
                                    "' declares columns, but a partition takes its columns from '" +
                                    parent->value + "'");
}

std::string column_what(const toml::node& element, std::size_t ordinal, const Fields& table) {
  const toml::node* name = element.as_table()->get("name");
  if (name && name->is_string() && !name->as_string()->get().empty())
    return "column '" + name->as_string()->get() + "'";
  return "column #" + std::to_string(ordinal) + " of " + table.what();
}

std::vector<ColumnDeclaration> read_columns(const Fields& f, const Table& table) {
  std::vector<ColumnDeclaration> columns;
  std::unordered_map<std::string, const ColumnDeclaration*> seen;
  for_each_element(f, "columns", false, [&](const toml::node& element, std::size_t ordinal) {
    columns.push_back(read_column(*element.as_table(), column_what(element, ordinal, f), f.file(),
                                  f.diagnostics()));
  });
  // A second pass: `columns` no longer moves, so `seen` can point into it.
  for (const ColumnDeclaration& column : columns) {
    const std::string& name = column.column.name;
    if (name.empty()) continue;
    if (std::find(system_columns.begin(), system_columns.end(), name) != system_columns.end())
      f.error(column.name_where, "column name '" + name + "' conflicts with a system column");
    auto [first, inserted] = seen.emplace(std::string(truncated(name)), &column);
    if (inserted) continue;
    const Column& earlier = first->second->column;
    f.error(column.name_where,
            "column '" + name + "' is declared twice in table '" + table.name + "' (first at " +
                describe(first->second->name_where) + ")" +
                (earlier.name != name ? " once Postgres truncates both to 63 bytes" : ""));
  }
  return columns;
}

ConstraintDeclaration column_primary_key(const ColumnDeclaration& column) {
  ConstraintDeclaration key;
  key.constraint.kind = ConstraintKind::primary_key;
  key.constraint.columns = {column.column.name};
  key.constraint.where = *column.primary_key;
  return key;
}

// The table's primary_key, or one column's `primary_key = true`; never both.
std::optional<ConstraintDeclaration> find_primary_key(
    const Fields& f, const std::vector<ColumnDeclaration>& columns) {
  std::optional<ConstraintDeclaration> key;
  std::string declared_by;
  if (f.get("primary_key")) {
    key = read_primary_key(f);
    declared_by = f.what() + " already declares primary_key";
  }
  for (const ColumnDeclaration& column : columns) {
    if (!column.primary_key) continue;
    if (key) {
      f.error(*column.primary_key, "column '" + column.column.name +
                                       "' is marked primary_key, but " + declared_by + " (" +
                                       describe(key->constraint.where) +
                                       "): list every key column in the table's primary_key");
      continue;
    }
    key = column_primary_key(column);
    declared_by = "column '" + column.column.name + "' already is";
  }
  return key;
}

// Key columns are NOT NULL in Postgres whatever the declaration says; saying so in the catalog
// keeps it equal to what introspection will find.
void add_primary_key(const Fields& f, Table& table, std::vector<ColumnDeclaration>& columns,
                     Declaration& out) {
  auto key = find_primary_key(f, columns);
  if (!key) return;
  for (const std::string& name : key->constraint.columns) {
    auto column = std::find_if(columns.begin(), columns.end(),
                               [&](const ColumnDeclaration& c) { return c.column.name == name; });
    if (column == columns.end()) continue;  // reported with the other unknown columns
    if (column->nullable_true)
      f.error(*column->nullable_true, "column '" + name + "' is in the primary key of " + f.what() +
                                          ", so it cannot be nullable");
    column->column.not_null = true;
  }
  out.use_columns(table.name, key->columns, "primary key of " + f.what());
  table.constraints.push_back(std::move(key->constraint));
}

void add_column_constraints(const std::vector<ColumnDeclaration>& columns, Table& table) {
  for (const ColumnDeclaration& column : columns) {
    if (!column.unique) continue;
    Constraint unique;
    unique.kind = ConstraintKind::unique;
    unique.columns = {column.column.name};
    unique.where = *column.unique;
    table.constraints.push_back(std::move(unique));
  }
  for (const ColumnDeclaration& column : columns) {
    if (!column.check) continue;
    Constraint check;
    check.kind = ConstraintKind::check;
    check.expression = column.check->value;
    check.where = column.check->where;
    table.constraints.push_back(std::move(check));
  }
}

Constraint check_from_string(const Fields& f, const toml::node& element, std::size_t ordinal) {
  Constraint check;
  check.kind = ConstraintKind::check;
  check.expression = element.as_string()->get();
  check.where = f.at(element);
  if (check.expression.find_first_not_of(" \t\r\n") == std::string::npos)
    f.error(check.where, "check #" + std::to_string(ordinal) + " of " + f.what() + " is empty");
  else
    f.check_sql(check.expression, check.where,
                "check #" + std::to_string(ordinal) + " of " + f.what());
  return check;
}

void read_constraint_lists(const Fields& f, Table& table, Declaration& out) {
  auto element_fields = [&](const toml::node& element, const std::string& what,
                            const std::vector<std::string>& known) {
    return Fields(*element.as_table(), what, known, f.file(), f.diagnostics());
  };
  for_each_element(f, "unique", false, [&](const toml::node& element, std::size_t ordinal) {
    const std::string what = describe_element("unique constraint", element, ordinal, f.what());
    auto unique = read_unique(element_fields(element, what, keys::unique));
    out.use_columns(table.name, unique.columns, what);
    table.constraints.push_back(std::move(unique.constraint));
  });
  for_each_element(f, "checks", true, [&](const toml::node& element, std::size_t ordinal) {
    if (element.is_string()) {
      table.constraints.push_back(check_from_string(f, element, ordinal));
    } else {
      const std::string what = describe_element("check", element, ordinal, f.what());
      table.constraints.push_back(read_check(element_fields(element, what, keys::check)));
    }
  });
  for_each_element(f, "foreign_keys", false, [&](const toml::node& element, std::size_t ordinal) {
    ForeignKeyUse use{table.name,
                      table.constraints.size(),
                      describe_element("foreign key", element, ordinal, f.what()),
                      {},
                      {},
                      {}};
    auto fk = read_foreign_key(element_fields(element, use.description, keys::foreign_key), use);
    out.use_columns(table.name, fk.columns, use.description);
    table.constraints.push_back(std::move(fk.constraint));
    out.foreign_keys.push_back(std::move(use));
  });
  for_each_element(f, "excludes", false, [&](const toml::node& element, std::size_t ordinal) {
    const std::string what = describe_element("exclusion constraint", element, ordinal, f.what());
    table.constraints.push_back(read_exclude(element_fields(element, what, keys::exclude)));
  });
}

void read_indexes(const Fields& f, Table& table, Declaration& out) {
  for_each_element(f, "indexes", false, [&](const toml::node& element, std::size_t ordinal) {
    const std::string what = describe_element("index", element, ordinal, f.what());
    auto index = read_index(*element.as_table(), what, f.file(), f.diagnostics());
    out.use_columns(table.name, index.columns, what);
    table.indexes.push_back(std::move(index.index));
  });
}

}  // namespace

void read_table(const Named& named, const std::string& file, Declaration& out,
                Diagnostics& diagnostics) {
  const Fields f(named.body, "table '" + named.name + "'", keys::table, file, diagnostics);
  Table table;
  table.name = named.name;
  table.where = named.where;
  table.comment = f.comment();
  table.unlogged = f.flag("unlogged").value_or(false);
  table.renamed_from = read_renamed_from(f);
  read_partitioning(f, table, out);
  auto columns = read_columns(f, table);
  add_primary_key(f, table, columns, out);
  add_column_constraints(columns, table);
  read_constraint_lists(f, table, out);
  read_indexes(f, table, out);
  read_triggers(f, table.triggers);
  read_row_security(f, table);
  read_policies(f, table.policies);
  read_table_data(f, named.name, out);
  for (ColumnDeclaration& column : columns) {
    if (!column.column.type.empty())
      out.type_uses.push_back(
          {table.name, column.column.name, column.column.type, column.type_where});
    table.columns.push_back(std::move(column.column));
  }
  out.catalog.tables.emplace(named.name, std::move(table));
}

}  // namespace recon::declare
