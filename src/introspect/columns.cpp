// Columns of tables, in table order, with defaults, identity (and its sequence's options),
// generation expressions, collations and comments; their storage settings are reported as
// unsupported. Partitions are skipped: their columns are their parent's.
#include <algorithm>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

std::string columns_query(const Session& s) {
  // The identity sequence hangs off the column by an internal dependency (deptype 'i').
  //
  // Storage settings are not in the catalog: they are reported as unsupported from here rather
  // than by a second scan of pg_attribute in the unsupported query.
  //
  // A default has no column references, so it is printed without its table (relation 0):
  // pg_get_expr with a table opens it, which locks it and builds its relcache entry (at 5,000
  // tables, most of this query's time in a new session). A generation expression reads columns
  // and needs its table.
  return fmt::format(
      R"(
    SELECT c.relnamespace AS nsp, c.relname AS table_name, a.attnum, a.attname AS name,
           {type} AS type, a.attnotnull AS not_null, a.attidentity AS identity,
           a.attgenerated AS generated,
           CASE WHEN ad.oid IS NOT NULL THEN {expression} END AS expression,
           coll.collname AS collation, colln.nspname AS collation_schema,
           d.description AS comment,
           format_type(seq.seqtypid, NULL) AS seq_type, seq.seqstart, seq.seqincrement,
           seq.seqmin, seq.seqmax, seq.seqcache, seq.seqcycle,
           (a.attstattarget <> -1 OR a.attoptions IS NOT NULL OR a.attstorage <> t.typstorage
            OR a.attcompression <> '') AS unusual_storage
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
      AND NOT c.relispartition AND {filter})",
      fmt::arg("type", s.printed("format_type(a.atttypid, a.atttypmod)", "c.relnamespace")),
      fmt::arg("expression", s.printed("pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 "
                                       "ELSE ad.adrelid END, true)",
                                       "c.relnamespace")),
      fmt::arg("filter", s.relation_filter("c")));
}

Identity identity_of(const std::string& code) {
  if (code == "a") return Identity::always;
  if (code == "d") return Identity::by_default;
  return Identity::none;
}

// Field numbers of the columns query, looked up once per result.
struct ColumnFields {
  explicit ColumnFields(const pqxx::result& r)
      : nsp(r.column_number("nsp")),
        table_name(r.column_number("table_name")),
        attnum(r.column_number("attnum")),
        name(r.column_number("name")),
        type(r.column_number("type")),
        not_null(r.column_number("not_null")),
        identity(r.column_number("identity")),
        generated(r.column_number("generated")),
        expression(r.column_number("expression")),
        collation(r.column_number("collation")),
        collation_schema(r.column_number("collation_schema")),
        comment(r.column_number("comment")),
        unusual_storage(r.column_number("unusual_storage")),
        sequence(r) {}
  pqxx::row::size_type nsp, table_name, attnum, name, type, not_null, identity, generated,
      expression, collation, collation_schema, comment, unusual_storage;
  SequenceFields sequence;
};

Column column_of(const Catalog& catalog, const pqxx::row& row, const ColumnFields& f) {
  Column column;
  column.name = row[f.name].as<std::string>();
  column.type = row[f.type].as<std::string>();
  column.not_null = row[f.not_null].as<bool>();
  // pg_attrdef holds both defaults and generation expressions; attgenerated tells them apart.
  if (row[f.generated].size() == 0) {
    column.default_expr = optional_text(row[f.expression]);
  } else {
    column.generated = optional_text(row[f.expression]);
  }
  column.identity = identity_of(row[f.identity].as<std::string>());
  if (column.identity != Identity::none && !row[f.sequence.seq_type].is_null()) {
    column.identity_options = sequence_options(row, f.sequence);
  }
  if (!row[f.collation].is_null()) {
    column.collation = object_name(catalog, row[f.collation_schema].as<std::string>(),
                                   row[f.collation].as<std::string>());
  }
  column.comment = optional_text(row[f.comment]);
  return column;
}

}  // namespace

void load_columns(Session& session) {
  // Sorting on the server constrains the plan (merge joins over sorts of wide rows that spill to
  // disk at 5,000 tables), so the rows come in any order. Here they are sorted by table and
  // attnum as small (table, attnum, row) entries; each column is then built once, in place.
  struct Entry {
    Table* table;
    int attnum;
    pqxx::result::size_type row;
  };
  const auto rows = session.query(columns_query(session));
  const ColumnFields f(rows);
  std::vector<Entry> entries;
  entries.reserve(rows.size());
  for (pqxx::result::size_type i = 0; i < rows.size(); ++i) {
    const auto row = rows[i];
    Catalog& catalog = session.catalog(row[f.nsp]);
    const auto table_name = row[f.table_name].as<std::string>();
    if (row[f.unusual_storage].as<bool>()) {
      catalog.unsupported.push_back(
          {"column storage", table_name + "." + row[f.name].as<std::string>()});
    }
    const auto table = catalog.tables.find(table_name);
    if (table == catalog.tables.end()) continue;
    entries.push_back({&table->second, row[f.attnum].as<int>(), i});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.table != b.table ? std::less<>()(a.table, b.table) : a.attnum < b.attnum;
  });
  for (auto entry = entries.begin(); entry != entries.end(); ++entry) {
    if (entry == entries.begin() || entry[-1].table != entry->table) {
      const auto end = std::find_if(entry, entries.end(),
                                    [&](const Entry& e) { return e.table != entry->table; });
      entry->table->columns.reserve(entry->table->columns.size() + (end - entry));
    }
    const auto row = rows[entry->row];
    entry->table->columns.push_back(column_of(session.catalog(row[f.nsp]), row, f));
  }
}

}  // namespace recon::introspect::detail
