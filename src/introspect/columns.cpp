// Columns of tables, in table order, with defaults, identity (and its sequence's options),
// generation expressions, collations and comments. Partitions are skipped: their columns are
// their parent's.
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

std::string columns_query(const Session& s) {
  // The identity sequence hangs off the column by an internal dependency (deptype 'i').
  return fmt::format(
      R"(
    SELECT c.relnamespace AS nsp, c.relname AS table_name, a.attname AS name,
           {type} AS type, a.attnotnull AS not_null, a.attidentity AS identity,
           a.attgenerated AS generated,
           CASE WHEN ad.oid IS NOT NULL THEN {expression} END AS expression,
           coll.collname AS collation, colln.nspname AS collation_schema,
           d.description AS comment,
           format_type(seq.seqtypid, NULL) AS seq_type, seq.seqstart, seq.seqincrement,
           seq.seqmin, seq.seqmax, seq.seqcache, seq.seqcycle
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    LEFT JOIN pg_collation coll ON coll.oid = a.attcollation AND a.attcollation <> t.typcollation
    LEFT JOIN pg_namespace colln ON colln.oid = coll.collnamespace
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = a.attnum
    LEFT JOIN (pg_depend dep JOIN pg_sequence seq ON seq.seqrelid = dep.objid)
      ON a.attidentity <> '' AND dep.classid = 'pg_class'::regclass
         AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = c.oid
         AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition AND {filter}
    ORDER BY c.oid, a.attnum)",
      fmt::arg("type", s.printed("format_type(a.atttypid, a.atttypmod)", "c.relnamespace")),
      fmt::arg("expression",
               s.printed("pg_get_expr(ad.adbin, ad.adrelid, true)", "c.relnamespace")),
      fmt::arg("filter", s.relation_filter("c")));
}

Identity identity_of(const std::string& code) {
  if (code == "a") return Identity::always;
  if (code == "d") return Identity::by_default;
  return Identity::none;
}

Column column_of(const Catalog& catalog, const pqxx::row& row) {
  Column column;
  column.name = row["name"].as<std::string>();
  column.type = row["type"].as<std::string>();
  column.not_null = row["not_null"].as<bool>();
  // pg_attrdef holds both defaults and generation expressions; attgenerated tells them apart.
  if (row["generated"].as<std::string>().empty()) {
    column.default_expr = optional_text(row["expression"]);
  } else {
    column.generated = optional_text(row["expression"]);
  }
  column.identity = identity_of(row["identity"].as<std::string>());
  if (column.identity != Identity::none && !row["seq_type"].is_null()) {
    column.identity_options = sequence_options(row);
  }
  if (!row["collation"].is_null()) {
    column.collation = object_name(catalog, row["collation_schema"].as<std::string>(),
                                   row["collation"].as<std::string>());
  }
  column.comment = optional_text(row["comment"]);
  return column;
}

}  // namespace

void load_columns(Session& session) {
  for (const auto& row : session.query(columns_query(session))) {
    Catalog& catalog = session.catalog(row);
    const auto table = catalog.tables.find(row["table_name"].as<std::string>());
    if (table == catalog.tables.end()) continue;
    table->second.columns.push_back(column_of(catalog, row));
  }
}

}  // namespace recon::introspect::detail
