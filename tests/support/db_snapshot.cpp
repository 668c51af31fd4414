#include "support/db_snapshot.hpp"

#include <cstdio>
#include <stdexcept>

#include "catalog/identifier.hpp"
#include "pg/binaries.hpp"
#include "pg/cluster.hpp"
#include "support/test_database.hpp"

namespace recon::testing {

std::string schema_dump(const std::string& url, const std::string& schema) {
  const auto* cluster = shared_cluster();
  const auto bindir = cluster ? cluster->bindir() : pg::find_bindir();
  // The URL names a socket directory and a database; it holds no single quote.
  if ((url + schema).find('\'') != std::string::npos)
    throw std::runtime_error("unexpected quote in URL or schema");
  // -n takes a pattern: a quoted name matches itself only.
  const std::string only = schema.empty() ? "" : " -n '\"" + schema + "\"'";
  const std::string command = "'" + (bindir / "pg_dump").string() +
                              "' --schema-only --no-sync -d '" + url + "'" + only + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run pg_dump");
  std::string out;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  if (::pclose(pipe) != 0) throw std::runtime_error("pg_dump failed: " + out);
  // pg_dump since 15.14 wraps its output in \restrict KEY ... \unrestrict KEY, with a random key.
  std::string stable;
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    end = end == std::string::npos ? out.size() : end + 1;
    const std::string_view line(out.data() + start, end - start);
    if (!line.starts_with("\\restrict ") && !line.starts_with("\\unrestrict ")) stable += line;
    start = end;
  }
  return stable;
}

std::string catalog_digest(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  // Version tables first: their rows are data, which the catalogs do not show.
  std::string rows;
  for (const auto& row :
       txn.exec("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relname = 'recon_revisions' ORDER BY 1")) {
    const std::string table = qualified(row[0].as<std::string>(), "recon_revisions");
    rows += table + ":" +
            txn.exec("SELECT coalesce(string_agg(t::text, ',' ORDER BY t::text), '') FROM " +
                     table + " t")[0][0]
                .as<std::string>() +
            "\n";
  }
  const auto digest = txn.exec(R"sql(
    WITH ns AS (
      SELECT oid, nspname FROM pg_namespace
      WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
        AND nspname NOT LIKE 'pg_temp_%' AND nspname NOT LIKE 'pg_toast_temp_%'
    ), items AS (
      SELECT 'schema ' || nspname || ' ' || coalesce(obj_description(oid, 'pg_namespace'), '')
             || ' ' || coalesce(array_to_string(n.nspacl, ','), '') || ' '
             || pg_get_userbyid(n.nspowner) AS item
      FROM pg_namespace n WHERE oid IN (SELECT oid FROM ns)
      UNION ALL
      SELECT 'relation ' || c.oid::regclass::text || ' ' || c.relkind::text || ' '
             || coalesce(obj_description(c.oid, 'pg_class'), '') || ' '
             || coalesce(array_to_string(c.relacl, ','), '') || ' ' || pg_get_userbyid(c.relowner)
      FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM ns)
      UNION ALL
      SELECT 'column ' || a.attrelid::regclass::text || '.' || quote_ident(a.attname) || ' '
             || a.attnum || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull
             || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || a.attidentity::text
             || ' ' || a.attgenerated::text || ' ' || coalesce(col_description(a.attrelid, a.attnum), '')
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relnamespace IN (SELECT oid FROM ns) AND a.attnum > 0 AND NOT a.attisdropped
      UNION ALL
      SELECT 'constraint ' || conrelid::regclass::text || ' ' || quote_ident(conname) || ' '
             || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace IN (SELECT oid FROM ns)
      UNION ALL
      SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c
        ON c.oid = i.indexrelid WHERE c.relnamespace IN (SELECT oid FROM ns)
      UNION ALL
      SELECT 'type ' || t.oid::regtype::text || ' ' || t.typtype::text || ' '
             || coalesce((SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum
                          WHERE enumtypid = t.oid), '')
      FROM pg_type t WHERE t.typnamespace IN (SELECT oid FROM ns)
      UNION ALL
      SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p
      WHERE p.pronamespace IN (SELECT oid FROM ns)
    )
    SELECT md5(string_agg(item, E'\n' ORDER BY item)), count(*) FROM items)sql");
  return digest[0][0].as<std::string>() + " (" + digest[0][1].as<std::string>() + " objects)\n" +
         rows;
}

}  // namespace recon::testing
