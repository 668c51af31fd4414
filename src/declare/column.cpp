// A column of a table: its type, nullability, default, identity or generation expression,
// and the shorthand keys that declare a one-column constraint.
#include <algorithm>

#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

const std::vector<std::string> generations = {"always", "by default"};

// "int4" and "int" are "integer", ...: the spellings of one integer type compare equal.
std::string integer_type_name(std::string_view type) {
  std::string keyword = normalize_keyword(type);
  if (keyword.starts_with("pg_catalog.")) keyword.erase(0, 11);
  if (keyword == "int2") return "smallint";
  if (keyword == "int" || keyword == "int4") return "integer";
  if (keyword == "int8") return "bigint";
  return keyword;
}

Identity to_identity(const std::string& generation) {
  return generation == "always" ? Identity::always : Identity::by_default;
}

void read_identity(const Fields& f, Column& column) {
  const toml::node* node = f.get("identity");
  if (!node) return;
  if (node->is_string()) {
    if (auto generation = f.choice("identity", generations))
      column.identity = to_identity(*generation);
    return;
  }
  const toml::table* table = node->as_table();
  if (!table) {
    f.wrong_type("identity", *node, "'always', 'by default' or a table");
    return;
  }
  const Fields options(*table, "identity of " + f.what(), keys::identity, f.file(),
                       f.diagnostics());
  if (!options.get("generation")) options.missing("generation");
  if (auto generation = options.choice("generation", generations))
    column.identity = to_identity(*generation);
  column.identity_options = read_sequence_options(options);
  // Postgres gives an identity's sequence the column's type and takes no other ("sequence
  // option "as" not supported here"): a different one would be silently dropped. The same one
  // is allowed, as inspect writes it.
  const auto& type = column.identity_options.data_type;
  if (type && is_integer_type(column.type) &&
      integer_type_name(*type) != integer_type_name(column.type)) {
    options.error(options.where("type"),
                  "identity 'type' '" + *type + "' of column '" + column.name +
                      "' differs from the column's type '" + column.type +
                      "': an identity's sequence always has the column's type. Remove 'type' "
                      "here; or did you mean the column's 'type' = '" +
                      *type + "'?");
  }
}

// Postgres refuses these combinations when it creates the column; saying so here points at
// the line to fix.
void check_value_sources(const Fields& f, ColumnDeclaration& out) {
  Column& column = out.column;
  if (column.identity == Identity::none) {
    if (column.generated && column.default_expr)
      f.error(f.where("generated"), "column '" + column.name +
                                        "' has both 'generated' and 'default': a generated "
                                        "column computes its value");
    return;
  }
  const std::string identity = "identity column '" + column.name + "'";
  if (column.default_expr)
    f.error(f.where("default"),
            identity + " cannot have a 'default': its values come from its sequence");
  if (column.generated) f.error(f.where("generated"), identity + " cannot also be 'generated'");
  if (out.nullable_true)
    f.error(*out.nullable_true,
            identity + " cannot be nullable: Postgres makes identity columns NOT NULL");
  if (!column.type.empty() && !is_integer_type(column.type))
    f.error(f.where("type"),
            identity + " must be of type smallint, integer or bigint, not '" + column.type + "'");
  column.not_null = true;
}

void read_shorthands(const Fields& f, ColumnDeclaration& out) {
  if (f.flag("primary_key").value_or(false)) out.primary_key = f.where("primary_key");
  if (f.flag("unique").value_or(false)) out.unique = f.where("unique");
  if (auto check = f.sql("check")) out.check = Located<std::string>{*check, f.where("check")};
}

}  // namespace

ColumnDeclaration read_column(const toml::table& body, std::string what, const std::string& file,
                              Diagnostics& diagnostics) {
  const Fields f(body, std::move(what), keys::column, file, diagnostics);
  ColumnDeclaration out;
  Column& column = out.column;
  column.where = f.where();
  if (auto name = f.located_text("name")) {
    check_name(name->value, "column name", name->where, diagnostics);
    column.name = name->value;
    out.name_where = name->where;
  } else if (!f.get("name")) {
    f.missing("name");
  }
  column.type = f.required_sql("type");
  out.type_where = f.where("type");
  if (auto nullable = f.flag("nullable")) {
    column.not_null = !*nullable;
    if (*nullable) out.nullable_true = f.where("nullable");
  }
  column.default_expr = f.sql("default");
  column.generated = f.sql("generated");
  column.collation = f.sql("collation");
  column.comment = f.comment();
  column.renamed_from = read_renamed_from(f);
  read_identity(f, column);
  check_value_sources(f, out);
  read_shorthands(f, out);
  return out;
}

}  // namespace recon::declare
