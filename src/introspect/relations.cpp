// Tables (plain, partitioned, partitions), views and materialized views: the relations whose
// parts the other loaders attach to.
#include <fmt/format.h>

#include "introspect/loaders.hpp"
#include "introspect/settled.hpp"

namespace recon::introspect::detail {
namespace {

std::string relations_query(const Session& s) {
  return fmt::format(
      R"(
    SELECT c.relnamespace AS nsp, c.relname AS name, c.relkind AS kind,
           c.relpersistence = 'u' AS unlogged, d.description AS comment,
           CASE WHEN c.relkind = 'p' THEN {partition_by} END AS partition_by,
           parent.relname AS partition_of,
           CASE WHEN c.relispartition THEN {partition_bound} END AS partition_bound,
           CASE WHEN c.relkind IN ('v', 'm') THEN {definition} END AS definition
    FROM pg_class c
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
    LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
    LEFT JOIN pg_class parent ON parent.oid = i.inhparent
    WHERE c.relkind IN ('r', 'p', 'v', 'm') AND {filter}
      -- A partition of a table in another schema cannot be declared here (its columns are
      -- its parent's): it is reported as unsupported instead.
      AND (parent.oid IS NULL OR parent.relnamespace = c.relnamespace))",
      fmt::arg("partition_by", s.printed("pg_get_partkeydef(c.oid)", "c.relnamespace")),
      fmt::arg("partition_bound",
               s.printed("pg_get_expr(c.relpartbound, c.oid, true)", "c.relnamespace")),
      fmt::arg("definition", s.printed("pg_get_viewdef(c.oid, true)", "c.relnamespace")),
      fmt::arg("filter", s.relation_filter("c")));
}

void add_table(Catalog& catalog, const pqxx::row& row) {
  Table table;
  table.name = row["name"].as<std::string>();
  table.unlogged = row["unlogged"].as<bool>();
  table.comment = optional_text(row["comment"]);
  table.partition_by = optional_text(row["partition_by"]);
  table.partition_of = optional_text(row["partition_of"]);
  table.partition_bound = optional_text(row["partition_bound"]);
  catalog.tables[table.name] = std::move(table);
}

void add_view(Catalog& catalog, const pqxx::row& row) {
  View view;
  view.name = row["name"].as<std::string>();
  view.definition = settled_view_query(row["definition"].as<std::string>());
  view.materialized = row["kind"].as<std::string>() == "m";
  view.comment = optional_text(row["comment"]);
  catalog.views[view.name] = std::move(view);
}

}  // namespace

void load_relations(Session& session) {
  for (const auto& row : session.query(relations_query(session))) {
    const auto kind = row["kind"].as<std::string>();
    if (kind == "v" || kind == "m") {
      add_view(session.catalog(row), row);
    } else {
      add_table(session.catalog(row), row);
    }
  }
}

}  // namespace recon::introspect::detail
