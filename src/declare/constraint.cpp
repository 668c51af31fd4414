// Table constraints: primary key, unique, check, foreign key, exclusion.
#include <unordered_map>

#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

const std::vector<std::string> actions = {"no action", "restrict", "cascade", "set null",
                                          "set default"};
const std::vector<std::string> match_types = {"simple", "full"};

void read_name(const Fields& f, Constraint& constraint) {
  if (auto name = f.located_text("name")) {
    check_name(name->value, "constraint name", name->where, f.diagnostics());
    constraint.name = name->value;
  }
}

// INITIALLY DEFERRED implies DEFERRABLE in Postgres; only an explicit `deferrable = false`
// contradicts it.
void read_deferrable(const Fields& f, Constraint& constraint) {
  const auto deferrable = f.flag("deferrable");
  constraint.initially_deferred = f.flag("initially_deferred").value_or(false);
  constraint.deferrable = deferrable.value_or(constraint.initially_deferred);
  if (constraint.initially_deferred && deferrable == false)
    f.error(f.where("initially_deferred"),
            "'initially_deferred' " + f.context() + " needs deferrable = true");
}

ConstraintDeclaration read_key(const Fields& f, ConstraintKind kind) {
  ConstraintDeclaration out;
  Constraint& key = out.constraint;
  key.kind = kind;
  key.where = f.where();
  read_name(f, key);
  out.columns = column_list(f, "columns", true);
  for (const auto& column : out.columns) key.columns.push_back(column.value);
  for (const auto& column : column_list(f, "include", false)) {
    key.include.push_back(column.value);
    out.columns.push_back(column);
  }
  read_deferrable(f, key);
  key.comment = f.comment();
  return out;
}

void read_target(const Fields& references, Constraint& fk, ForeignKeyUse& use) {
  if (auto schema = references.located_text("schema")) {
    check_name(schema->value, "schema name", schema->where, references.diagnostics());
    fk.references.schema = schema->value;
  }
  if (auto table = references.located_text("table")) {
    check_name(table->value, "table name", table->where, references.diagnostics());
    fk.references.table = table->value;
    use.target_table = table->where;
  } else if (!references.get("table")) {
    references.missing("table");
  }
  for (const auto& column : column_list(references, "columns", false)) {
    fk.references.columns.push_back(column.value);
    use.target_columns.push_back(column.where);
  }
}

}  // namespace

std::vector<Located<std::string>> column_list(const Fields& f, std::string_view key,
                                              bool required) {
  if (!f.get(key)) {
    if (required) f.missing(key);
    return {};
  }
  auto columns = f.strings(key).value_or(std::vector<Located<std::string>>{});
  const toml::array* array = f.get(key)->as_array();
  if (required && array && array->empty())
    f.error(f.where(key), "'" + std::string(key) + "' " + f.context() + " must not be empty");
  std::unordered_map<std::string_view, const SourceLocation*> seen;
  for (const auto& column : columns) {
    check_name(column.value, "column name", column.where, f.diagnostics());
    auto [first, inserted] = seen.emplace(column.value, &column.where);
    if (!inserted)
      f.error(column.where, "column '" + column.value + "' appears twice in '" + std::string(key) +
                                "' " + f.context() + " (first at " + describe(*first->second) +
                                ")");
  }
  return columns;
}

ConstraintDeclaration read_primary_key(const Fields& table) {
  const toml::node* node = table.get("primary_key");
  const std::string what = "primary key of " + table.what();
  if (node->is_array()) {
    ConstraintDeclaration out;
    out.constraint.kind = ConstraintKind::primary_key;
    out.constraint.where = table.where("primary_key");
    out.columns = column_list(table, "primary_key", true);
    for (const auto& column : out.columns) out.constraint.columns.push_back(column.value);
    return out;
  }
  if (const toml::table* body = node->as_table()) {
    const Fields f(*body, what, keys::primary_key, table.file(), table.diagnostics());
    return read_key(f, ConstraintKind::primary_key);
  }
  table.wrong_type("primary_key", *node, "an array of column names or a table");
  ConstraintDeclaration out;
  out.constraint.kind = ConstraintKind::primary_key;
  return out;
}

ConstraintDeclaration read_unique(const Fields& f) {
  ConstraintDeclaration out = read_key(f, ConstraintKind::unique);
  out.constraint.nulls_not_distinct = f.flag("nulls_not_distinct").value_or(false);
  return out;
}

Constraint read_check(const Fields& f) {
  Constraint check;
  check.kind = ConstraintKind::check;
  check.where = f.where();
  read_name(f, check);
  check.expression = f.required_sql("expression");
  check.not_valid = f.flag("not_valid").value_or(false);
  check.no_inherit = f.flag("no_inherit").value_or(false);
  check.comment = f.comment();
  return check;
}

Constraint read_exclude(const Fields& f) {
  Constraint exclude;
  exclude.kind = ConstraintKind::exclude;
  exclude.where = f.where();
  read_name(f, exclude);
  exclude.expression = f.required_sql("definition");
  read_deferrable(f, exclude);
  exclude.comment = f.comment();
  return exclude;
}

ConstraintDeclaration read_foreign_key(const Fields& f, ForeignKeyUse& use) {
  ConstraintDeclaration out;
  Constraint& fk = out.constraint;
  fk.kind = ConstraintKind::foreign_key;
  fk.where = f.where();
  read_name(f, fk);
  out.columns = column_list(f, "columns", true);
  for (const auto& column : out.columns) fk.columns.push_back(column.value);
  use.references = f.where("references");
  if (const toml::node* node = f.get("references"); !node) {
    f.missing("references");
  } else if (const toml::table* body = node->as_table()) {
    const Fields references(*body, "'references' of " + f.what(), keys::references, f.file(),
                            f.diagnostics());
    read_target(references, fk, use);
  } else {
    f.wrong_type("references", *node, "a table: { table = \"...\", columns = [...] }");
  }
  fk.on_delete = f.choice("on_delete", actions).value_or("no action");
  fk.on_update = f.choice("on_update", actions).value_or("no action");
  fk.match = f.choice("match", match_types).value_or("simple");
  read_deferrable(f, fk);
  fk.not_valid = f.flag("not_valid").value_or(false);
  fk.comment = f.comment();
  return out;
}

}  // namespace recon::declare
