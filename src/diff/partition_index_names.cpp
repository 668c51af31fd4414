// The names of a partitioned index's indexes on the partitions. Postgres names them itself
// when it creates them (with the parent's index, or with a new partition); a name declared
// otherwise is given by renaming the partition's index once it exists.
#include <algorithm>

#include "catalog/identifier.hpp"
#include "catalog/partition_index_name.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"

namespace recon::diff {
namespace {

// The partitions of `root` in `catalog`, at any depth.
std::vector<std::string> partitions_under(const Catalog& catalog, const std::string& root) {
  std::vector<std::string> out;
  for (const auto& [name, table] : catalog.tables) {
    const Table* at = &table;
    for (std::size_t depth = 0; at->partition_of && depth < catalog.tables.size(); ++depth) {
      if (*at->partition_of == root) {
        out.push_back(name);
        break;
      }
      const auto parent = catalog.tables.find(*at->partition_of);
      if (parent == catalog.tables.end()) break;
      at = &parent->second;
    }
  }
  return out;
}

// Whether this plan creates the relation of `key` (not by a rename): Postgres then names the
// partitions' indexes afresh.
bool created_by_plan(const Context& ctx, const std::string& key) {
  return std::any_of(ctx.changes.begin(), ctx.changes.end(), [&](const Change& c) {
    return (c.kind == ChangeKind::create_table || c.kind == ChangeKind::create_index) &&
           std::find(c.creates.begin(), c.creates.end(), key) != c.creates.end();
  });
}

// The index of the old catalog that `now` is (under its name, or renamed), if it stays.
const Index* kept_index(const Context& ctx, const Table& table, const Index& now) {
  const auto before = ctx.from.tables.find(table.name);
  if (before == ctx.from.tables.end() || now.name.empty() ||
      created_by_plan(ctx, keys::rel(now.name)))
    return nullptr;
  const auto& old = before->second.indexes;
  const auto found = std::find_if(old.begin(), old.end(), [&](const Index& i) {
    return same_index_definition(i, now) &&
           (i.name == now.name || std::none_of(table.indexes.begin(), table.indexes.end(),
                                               [&](const Index& t) { return t.name == i.name; }));
  });
  return found == old.end() ? nullptr : &*found;
}

// The name Postgres gives it: the diff cannot read the index's column names, it predicts them.
std::string default_partition_index_name(const Index& index, const std::string& partition) {
  return partition_index_name(partition, index_column_names(index));
}

std::string partition_index_named(const Index& index, const std::string& partition) {
  const auto found = index.partition_names.find(partition);
  return found != index.partition_names.end() ? found->second
                                              : default_partition_index_name(index, partition);
}

void rename_partition_index(Context& ctx, const Index& index, const std::string& partition,
                            const std::string& current, const std::string& wanted) {
  const std::string object = "index " + partition + "." + wanted;
  auto& c =
      ctx.emit(ChangeKind::rename_index, object,
               "~ index " + partition + "." + current + ": rename to " + wanted,
               "ALTER INDEX " + quote_ident(current) + " RENAME TO " + quote_ident(wanted) + ";");
  c.needs.push_back(keys::rel(partition));
  if (!index.name.empty()) c.needs.push_back(keys::rel(index.name));
  c.drops.push_back(keys::rel(current));
  c.creates.push_back(keys::rel(wanted));
  c.where = index.where_declared;
}

}  // namespace

void diff_partition_index_names(Context& ctx) {
  for (const auto& [name, table] : ctx.to.tables) {
    if (!table.partition_by) continue;
    const auto partitions = partitions_under(ctx.to, name);
    for (const auto& index : table.indexes) {
      const Index* old = kept_index(ctx, table, index);
      for (const auto& partition : partitions) {
        const bool fresh =
            !old || !ctx.from.tables.count(partition) || created_by_plan(ctx, keys::rel(partition));
        const std::string current = fresh ? default_partition_index_name(index, partition)
                                          : partition_index_named(*old, partition);
        const std::string wanted = partition_index_named(index, partition);
        if (current != wanted) rename_partition_index(ctx, index, partition, current, wanted);
      }
    }
  }
}

}  // namespace recon::diff
