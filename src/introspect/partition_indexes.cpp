// The names of a partitioned index's indexes on the partitions (at any depth), where Postgres
// would name them otherwise: a schema created from the declaration would have Postgres's names.
// Each is kept on the index of the top partitioned table, under its partition's name. (An
// index of a partition that is itself partitioned has the root's column names: they are
// copied down.)
#include <fmt/format.h>

#include <algorithm>

#include "catalog/partition_index_name.hpp"
#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

std::string partition_indexes_query(const Session& s) {
  return fmt::format(
      R"(
    WITH RECURSIVE attached(child, root) AS (
      SELECT h.inhrelid, h.inhparent FROM pg_inherits h
      WHERE h.inhparent IN (SELECT x.indexrelid FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid
                            WHERE c.relkind = 'p' AND {filter})
      UNION ALL
      SELECT h.inhrelid, a.root FROM attached a JOIN pg_inherits h ON h.inhparent = a.child
    )
    SELECT c.relnamespace AS nsp, c.relname AS relation, ri.relname AS index,
           p.relname AS partition, ci.relname AS name,
           (SELECT json_agg(ra.attname ORDER BY ra.attnum) FROM pg_attribute ra
            WHERE ra.attrelid = a.root) AS index_columns
    FROM attached a
    JOIN pg_index rx ON rx.indexrelid = a.root
    JOIN pg_class ri ON ri.oid = a.root
    JOIN pg_class c ON c.oid = rx.indrelid
    JOIN pg_class ci ON ci.oid = a.child
    JOIN pg_index cx ON cx.indexrelid = a.child
    JOIN pg_class p ON p.oid = cx.indrelid
    WHERE p.relnamespace = c.relnamespace
      AND NOT EXISTS (SELECT FROM pg_inherits up WHERE up.inhrelid = a.root)
      AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = a.root
                      AND k.conrelid = rx.indrelid AND k.contype IN ('p', 'u', 'x'))
    ORDER BY 1, 2, 3, 4)",
      fmt::arg("filter", s.relation_filter("c")));
}

}  // namespace

void load_partition_index_names(Session& session) {
  for (const auto& row : session.query(partition_indexes_query(session))) {
    Catalog& catalog = session.catalog(row);
    const auto table = catalog.tables.find(row["relation"].as<std::string>());
    if (table == catalog.tables.end()) continue;
    auto& indexes = table->second.indexes;
    const auto name = row["index"].as<std::string>();
    const auto index = std::find_if(indexes.begin(), indexes.end(),
                                    [&](const Index& i) { return i.name == name; });
    if (index == indexes.end()) continue;
    const auto partition = row["partition"].as<std::string>();
    auto child = row["name"].as<std::string>();
    // The names of the parent index's own columns, as Postgres reads them for the default.
    if (child != partition_index_name(partition, json_strings(row["index_columns"])))
      index->partition_names.emplace(partition, std::move(child));
  }
}

}  // namespace recon::introspect::detail
