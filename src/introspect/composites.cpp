// Composite types (CREATE TYPE ... AS (...)): a pg_type of typtype 'c' whose pg_class row is of
// relkind 'c', as opposed to the row type every table and view has. One row per attribute; a
// type without attributes comes as one row without one.
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

std::string composites_query(const Session& s) {
  return fmt::format(
      R"(
    SELECT c.relnamespace AS nsp, c.relname AS name, td.description AS comment,
           a.attname AS attribute, {type} AS type,
           coll.collname AS collation, colln.nspname AS collation_schema,
           ad.description AS attribute_comment
    FROM pg_class c
    JOIN pg_type t ON t.oid = c.reltype
    LEFT JOIN pg_description td
      ON td.classoid = 'pg_type'::regclass AND td.objoid = t.oid AND td.objsubid = 0
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_type at ON at.oid = a.atttypid
    LEFT JOIN pg_collation coll ON coll.oid = a.attcollation AND a.attcollation <> at.typcollation
    LEFT JOIN pg_namespace colln ON colln.oid = coll.collnamespace
    LEFT JOIN pg_description ad
      ON ad.classoid = 'pg_class'::regclass AND ad.objoid = c.oid AND ad.objsubid = a.attnum
    WHERE c.relkind = 'c' AND {filter} AND {type_not_in_extension}
    ORDER BY c.relnamespace, c.relname, a.attnum)",
      fmt::arg("type", s.printed("format_type(a.atttypid, a.atttypmod)", "c.relnamespace")),
      fmt::arg("filter", s.relation_filter("c")),
      fmt::arg("type_not_in_extension", Session::not_in_extension("pg_type", "t.oid")));
}

}  // namespace

void load_composites(Session& session) {
  for (const auto& row : session.query(composites_query(session))) {
    Catalog& catalog = session.catalog(row);
    const auto name = row["name"].as<std::string>();
    CompositeType& type = catalog.composites[name];
    type.name = name;
    type.comment = optional_text(row["comment"]);
    if (row["attribute"].is_null()) continue;
    CompositeAttribute attribute;
    attribute.name = row["attribute"].as<std::string>();
    attribute.type = row["type"].as<std::string>();
    if (!row["collation"].is_null()) {
      attribute.collation = object_name(catalog, row["collation_schema"].as<std::string>(),
                                        row["collation"].as<std::string>());
    }
    attribute.comment = optional_text(row["attribute_comment"]);
    type.attributes.push_back(std::move(attribute));
  }
}

}  // namespace recon::introspect::detail
