// Which of the requested schemas exist, their namespace oids (every later query filters on them)
// and their comments.
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {

void load_schemas(Session& session, std::map<std::string, Catalog>& catalogs) {
  std::string names;
  for (const auto& [name, catalog] : catalogs) {
    if (!names.empty()) names += ", ";
    names += session.txn().quote(name);
  }
  const auto rows = session.query(fmt::format(R"(
    SELECT n.oid AS nsp, n.nspname AS name, d.description AS comment
    FROM pg_namespace n
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_namespace'::regclass AND d.objoid = n.oid AND d.objsubid = 0
    WHERE n.nspname = ANY (ARRAY[{}]::text[]))",
                                              names));
  for (const auto& row : rows) {
    Catalog& catalog = catalogs.at(row["name"].as<std::string>());
    catalog.schema_exists = true;
    catalog.schema_comment = optional_text(row["comment"]);
    session.add_schema(row["nsp"].as<Oid>(), catalog);
  }
}

}  // namespace recon::introspect::detail
