// Table constraints: primary keys, unique, foreign keys, checks and exclusion constraints.
// A partition keeps only its own constraints: those cloned from the parent come with the parent.
// Clones have a conparentid, and so do the per-partition copies of a foreign key that references
// a partitioned table (they sit on the referencing table): both are left out.
#include <fmt/format.h>

#include "introspect/loaders.hpp"
#include "introspect/settled.hpp"

namespace recon::introspect::detail {
namespace {

// Attribute names of `relation` for the attnums in `attnums`, in array order, as JSON. The name
// is a scalar subquery: as a join, the planner would hash all of pg_attribute for a few probes.
std::string attribute_names(std::string_view relation, std::string_view attnums) {
  return fmt::format(
      "array_to_json(ARRAY(SELECT (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = {0} "
      "AND a.attnum = u.attnum) FROM unnest({1}) WITH ORDINALITY u(attnum, ord) ORDER BY u.ord))",
      relation, attnums);
}

std::string constraints_query(const Session& s) {
  // INCLUDE columns and NULLS NOT DISTINCT are not in pg_constraint: they come from the index
  // that backs the primary key or unique constraint (conindid).
  return fmt::format(
      R"(
    SELECT c.relnamespace AS nsp, c.relname AS table_name, k.conname AS name, k.contype AS kind,
           {columns} AS columns,
           coalesce(x.indnullsnotdistinct, false) AS nulls_not_distinct,
           CASE WHEN x.indnatts > x.indnkeyatts THEN {include} END AS include,
           CASE WHEN fc.relnamespace <> c.relnamespace THEN fn.nspname ELSE '' END AS ref_schema,
           fc.relname AS ref_table, {ref_columns} AS ref_columns,
           k.confdeltype AS on_delete, k.confupdtype AS on_update, k.confmatchtype AS match,
           CASE k.contype WHEN 'c' THEN {check} WHEN 'x' THEN {definition} END AS expression,
           k.connoinherit AS no_inherit, k.condeferrable AS deferrable,
           k.condeferred AS initially_deferred, NOT k.convalidated AS not_valid,
           d.description AS comment
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    LEFT JOIN pg_index x ON k.contype IN ('p', 'u') AND x.indexrelid = k.conindid
    LEFT JOIN pg_class fc ON k.contype = 'f' AND fc.oid = k.confrelid
    LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_constraint'::regclass AND d.objoid = k.oid AND d.objsubid = 0
    WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN ('r', 'p')
      AND k.conparentid = 0 AND (NOT c.relispartition OR k.conislocal)
      AND {filter})",
      fmt::arg("columns", attribute_names("k.conrelid", "k.conkey")),
      fmt::arg("ref_columns", attribute_names("k.confrelid", "k.confkey")),
      fmt::arg("include", attribute_names("x.indrelid", "(x.indkey::int2[])[x.indnkeyatts:]")),
      fmt::arg("check", s.printed("pg_get_expr(k.conbin, k.conrelid, true)", "c.relnamespace")),
      fmt::arg("definition", s.printed("pg_get_constraintdef(k.oid, true)", "c.relnamespace")),
      fmt::arg("filter", s.relation_filter("c")));
}

ConstraintKind kind_of(const std::string& code) {
  if (code == "p") return ConstraintKind::primary_key;
  if (code == "u") return ConstraintKind::unique;
  if (code == "f") return ConstraintKind::foreign_key;
  if (code == "x") return ConstraintKind::exclude;
  return ConstraintKind::check;
}

std::string action_of(const std::string& code) {
  if (code == "r") return "restrict";
  if (code == "c") return "cascade";
  if (code == "n") return "set null";
  if (code == "d") return "set default";
  return "no action";
}

std::string match_of(const std::string& code) {
  if (code == "f") return "full";
  if (code == "p") return "partial";  // reserved by Postgres, never produced
  return "simple";
}

bool strip_suffix(std::string& text, std::string_view suffix) {
  if (!text.ends_with(suffix)) return false;
  text.resize(text.size() - suffix.size());
  return true;
}

// pg_get_constraintdef prints "EXCLUDE USING ... [DEFERRABLE] [INITIALLY DEFERRED] [NOT VALID]".
// The keyword and the trailing attributes have fields of their own: keeping them in the
// expression would print them twice when the constraint is rendered again.
std::string exclusion_definition(std::string text) {
  if (text.starts_with("EXCLUDE ")) text.erase(0, 8);
  strip_suffix(text, " NOT VALID");
  strip_suffix(text, " INITIALLY DEFERRED");
  strip_suffix(text, " DEFERRABLE");
  return text;
}

// Field numbers of the constraints query, looked up once per result (see SequenceFields).
struct ConstraintFields {
  explicit ConstraintFields(const pqxx::result& r)
      : nsp(r.column_number("nsp")),
        table_name(r.column_number("table_name")),
        name(r.column_number("name")),
        kind(r.column_number("kind")),
        columns(r.column_number("columns")),
        nulls_not_distinct(r.column_number("nulls_not_distinct")),
        include(r.column_number("include")),
        ref_schema(r.column_number("ref_schema")),
        ref_table(r.column_number("ref_table")),
        ref_columns(r.column_number("ref_columns")),
        on_delete(r.column_number("on_delete")),
        on_update(r.column_number("on_update")),
        match(r.column_number("match")),
        expression(r.column_number("expression")),
        no_inherit(r.column_number("no_inherit")),
        deferrable(r.column_number("deferrable")),
        initially_deferred(r.column_number("initially_deferred")),
        not_valid(r.column_number("not_valid")),
        comment(r.column_number("comment")) {}
  pqxx::row::size_type nsp, table_name, name, kind, columns, nulls_not_distinct, include,
      ref_schema, ref_table, ref_columns, on_delete, on_update, match, expression, no_inherit,
      deferrable, initially_deferred, not_valid, comment;
};

Constraint constraint_of(const pqxx::row& row, const ConstraintFields& f) {
  Constraint c;
  c.name = row[f.name].as<std::string>();
  c.kind = kind_of(row[f.kind].as<std::string>());
  if (c.kind != ConstraintKind::check && c.kind != ConstraintKind::exclude) {
    c.columns = json_strings(row[f.columns]);
  }
  c.nulls_not_distinct = row[f.nulls_not_distinct].as<bool>();
  c.include = json_strings(row[f.include]);
  if (c.kind == ConstraintKind::foreign_key) {
    c.references = {row[f.ref_schema].as<std::string>(), row[f.ref_table].as<std::string>(),
                    json_strings(row[f.ref_columns])};
    c.on_delete = action_of(row[f.on_delete].as<std::string>());
    c.on_update = action_of(row[f.on_update].as<std::string>());
    c.match = match_of(row[f.match].as<std::string>());
  }
  if (c.kind == ConstraintKind::check)
    c.expression = settled_expression(row[f.expression].as<std::string>());
  if (c.kind == ConstraintKind::exclude) {
    c.expression = exclusion_definition(row[f.expression].as<std::string>());
  }
  c.no_inherit = row[f.no_inherit].as<bool>();
  c.deferrable = row[f.deferrable].as<bool>();
  c.initially_deferred = row[f.initially_deferred].as<bool>();
  c.not_valid = row[f.not_valid].as<bool>();
  c.comment = optional_text(row[f.comment]);
  return c;
}

}  // namespace

void load_constraints(Session& session) {
  const auto rows = session.query(constraints_query(session));
  const ConstraintFields f(rows);
  for (const auto& row : rows) {
    Catalog& catalog = session.catalog(row[f.nsp]);
    const auto table = catalog.tables.find(row[f.table_name].as<std::string>());
    if (table == catalog.tables.end()) continue;
    table->second.constraints.push_back(constraint_of(row, f));
  }
}

}  // namespace recon::introspect::detail
