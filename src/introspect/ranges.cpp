// Range types (pg_range), with the options CREATE TYPE ... AS RANGE takes. A range type with a
// canonical function (written in C) cannot be declared: it stays in the unsupported report.
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

std::string ranges_query(const Session& s) {
  return fmt::format(
      R"(
    SELECT t.typnamespace AS nsp, t.typname AS name, {subtype} AS subtype,
           CASE WHEN NOT opc.opcdefault THEN opc.opcname END AS opclass,
           opcn.nspname AS opclass_schema,
           coll.collname AS collation, colln.nspname AS collation_schema,
           CASE WHEN r.rngsubdiff <> 0 THEN {subtype_diff} END AS subtype_diff,
           mt.typname AS multirange, d.description AS comment
    FROM pg_range r
    JOIN pg_type t ON t.oid = r.rngtypid
    JOIN pg_type st ON st.oid = r.rngsubtype
    JOIN pg_type mt ON mt.oid = r.rngmultitypid
    JOIN pg_opclass opc ON opc.oid = r.rngsubopc
    JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
    LEFT JOIN pg_collation coll ON coll.oid = r.rngcollation AND r.rngcollation <> st.typcollation
    LEFT JOIN pg_namespace colln ON colln.oid = coll.collnamespace
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
    WHERE t.typnamespace = ANY ({namespaces}) AND r.rngcanonical = 0 AND {not_in_extension})",
      fmt::arg("subtype", s.printed("format_type(r.rngsubtype, NULL)", "t.typnamespace")),
      fmt::arg("subtype_diff", s.printed("r.rngsubdiff::regproc::text", "t.typnamespace")),
      fmt::arg("namespaces", s.namespaces()),
      fmt::arg("not_in_extension", Session::not_in_extension("pg_type", "t.oid")));
}

}  // namespace

void load_ranges(Session& session) {
  for (const auto& row : session.query(ranges_query(session))) {
    Catalog& catalog = session.catalog(row);
    RangeType range;
    range.name = row["name"].as<std::string>();
    range.subtype = row["subtype"].as<std::string>();
    if (!row["opclass"].is_null())
      range.subtype_opclass = object_name(catalog, row["opclass_schema"].as<std::string>(),
                                          row["opclass"].as<std::string>());
    if (!row["collation"].is_null())
      range.collation = object_name(catalog, row["collation_schema"].as<std::string>(),
                                    row["collation"].as<std::string>());
    range.subtype_diff = optional_text(row["subtype_diff"]);
    range.multirange = row["multirange"].as<std::string>();
    range.comment = optional_text(row["comment"]);
    catalog.ranges[range.name] = std::move(range);
  }
}

}  // namespace recon::introspect::detail
