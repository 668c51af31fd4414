// Collations of the schema. Postgres 15 keeps an ICU collation's locale in colliculocale, a
// libc one's in collcollate and collctype.
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {

void load_collations(Session& session) {
  const auto rows = session.query(fmt::format(
      R"(
    SELECT c.collnamespace AS nsp, c.collname AS name,
           CASE c.collprovider WHEN 'i' THEN 'icu' ELSE 'libc' END AS provider,
           CASE c.collprovider WHEN 'i' THEN c.colliculocale ELSE c.collcollate END AS locale,
           CASE WHEN c.collprovider <> 'i' AND c.collctype <> c.collcollate
                THEN c.collctype END AS lc_ctype,
           c.collisdeterministic AS deterministic, d.description AS comment
    FROM pg_collation c
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_collation'::regclass AND d.objoid = c.oid AND d.objsubid = 0
    WHERE c.collnamespace = ANY ({}) AND c.collprovider IN ('c', 'i') AND {})",
      session.namespaces(), Session::not_in_extension("pg_collation", "c.oid")));
  for (const auto& row : rows) {
    Collation c;
    c.name = row["name"].as<std::string>();
    c.provider = row["provider"].as<std::string>();
    c.locale = row["locale"].is_null() ? "" : row["locale"].as<std::string>();
    c.lc_ctype = optional_text(row["lc_ctype"]);
    c.deterministic = row["deterministic"].as<bool>();
    c.comment = optional_text(row["comment"]);
    session.catalog(row).collations[c.name] = std::move(c);
  }
}

}  // namespace recon::introspect::detail
