// Tables: created, dropped, renamed, and their table-level attributes.
#include <algorithm>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/names.hpp"

namespace recon::diff {
namespace {

Hazard data_loss_table(const std::string& name) {
  return {hazard::data_loss, "drops table " + name + " and every row in it"};
}

std::vector<std::string> table_keys(const Table& t) {
  std::vector<std::string> out{keys::rel(t.name)};
  for (const auto& column : t.columns) out.push_back(keys::col(t.name, column.name));
  return out;
}

std::string comments_sql(const Table& t) {
  std::string sql;
  if (t.comment) sql += "\n" + ddl::comment_on("TABLE " + quote_ident(t.name), t.comment);
  for (const auto& column : t.columns) {
    if (column.comment) {
      sql +=
          "\n" + ddl::comment_on("COLUMN " + quote_ident(t.name) + "." + quote_ident(column.name),
                                 column.comment);
    }
  }
  for (const auto& c : t.constraints) {
    if (c.comment && c.kind != ConstraintKind::foreign_key && !c.not_valid) {
      sql +=
          "\n" + ddl::comment_on("CONSTRAINT " + quote_ident(c.name) + " ON " + quote_ident(t.name),
                                 c.comment);
    }
  }
  return sql;
}

const Table* find_renamed_source(const Context& ctx, const Table& after) {
  for (const auto& old_name : after.renamed_from) {
    auto it = ctx.from.tables.find(old_name);
    if (it != ctx.from.tables.end() && !ctx.to.tables.count(old_name)) return &it->second;
  }
  return nullptr;
}

void rename_table(Context& ctx, const Table& before, const Table& after) {
  auto& c = ctx.emit(
      ChangeKind::rename_table, "table " + after.name,
      "~ table " + before.name + ": rename to " + after.name,
      "ALTER TABLE " + quote_ident(before.name) + " RENAME TO " + quote_ident(after.name) + ";");
  c.drops = table_keys(before);
  for (const auto& column : before.columns) c.creates.push_back(keys::col(after.name, column.name));
  c.creates.push_back(keys::rel(after.name));
  c.needs.push_back(keys::rel(before.name));
  c.hazards.push_back(renamed_under_running_application(before.name, "every query that names it"));
}

bool same_columns(const Table& a, const Table& b) {
  return std::equal(
      a.columns.begin(), a.columns.end(), b.columns.begin(), b.columns.end(),
      [](const Column& x, const Column& y) { return x.name == y.name && x.type == y.type; });
}

// The tables the plan creates with the columns of `dropped`: it may be one of them renamed.
std::vector<std::string> same_columns_added(const Context& ctx, const Table& dropped) {
  std::vector<std::string> out;
  for (const auto& [name, table] : ctx.to.tables)
    if (!ctx.from.tables.count(name) && !find_renamed_source(ctx, table) &&
        same_columns(table, dropped))
      out.push_back(name);
  return out;
}

void alter_table_attributes(Context& ctx, const Table& before, const Table& after) {
  const std::string t = quote_ident(after.name);
  if (before.unlogged != after.unlogged) {
    auto& c =
        ctx.emit(ChangeKind::alter_table, "table " + after.name,
                 "~ table " + after.name + (after.unlogged ? ": set unlogged" : ": set logged"),
                 "ALTER TABLE " + t + (after.unlogged ? " SET UNLOGGED;" : " SET LOGGED;"));
    c.needs.push_back(keys::rel(after.name));
    c.hazards = {{hazard::table_rewrite, "rewrites " + after.name + " into new storage"},
                 {hazard::access_exclusive_lock,
                  "blocks reads and writes of " + after.name + " during the rewrite"}};
  }
  if (before.comment != after.comment) {
    auto& c =
        ctx.emit(ChangeKind::comment, "table " + after.name, "~ table " + after.name + ": comment",
                 ddl::comment_on("TABLE " + t, after.comment));
    c.needs.push_back(keys::rel(after.name));
  }
}

// Partitioning cannot be altered in place: the table is recreated.
bool partitioning_differs(const Table& a, const Table& b) {
  return a.partition_by != b.partition_by || a.partition_of != b.partition_of ||
         a.partition_bound != b.partition_bound;
}

}  // namespace

void create_table(Context& ctx, const Table& t) {
  auto& c = ctx.emit(ChangeKind::create_table, "table " + t.name, "+ table " + t.name,
                     ddl::create_table(t) + comments_sql(t));
  c.creates = table_keys(t);
  c.where = t.where;
  for (const auto& constraint : t.constraints) {
    if (constraint.kind == ConstraintKind::primary_key ||
        constraint.kind == ConstraintKind::unique) {
      c.creates.push_back(keys::unique_key("", t.name, constraint.columns));
    }
    if (!constraint.name.empty()) c.creates.push_back(keys::con(t.name, constraint.name));
  }
  for (const auto& column : t.columns) {
    for (auto& key : keys::column_uses(ctx.to, column)) c.needs.push_back(std::move(key));
  }
  if (t.partition_of) {
    c.needs.push_back(keys::rel(*t.partition_of));
    // A partition's columns are its parent's.
    auto parent = ctx.to.tables.find(*t.partition_of);
    if (parent != ctx.to.tables.end()) {
      for (const auto& column : parent->second.columns)
        c.creates.push_back(keys::col(t.name, column.name));
    }
  }
  // Foreign keys, NOT VALID constraints and indexes are steps of their own.
  Table empty;
  empty.name = t.name;
  diff_constraints(ctx, empty, t, true);
  diff_indexes(ctx, t.name, {}, t.indexes, true);
}

void drop_table(Context& ctx, const Table& t) {
  auto& c = ctx.emit(ChangeKind::drop_table, "table " + t.name, "- table " + t.name,
                     "DROP TABLE " + quote_ident(t.name) + ";");
  c.drops = table_keys(t);
  std::vector<Constraint> fk_drops;
  std::vector<std::string> after_fk_drops;
  for (const auto& constraint : t.constraints) {
    if (constraint.kind == ConstraintKind::primary_key ||
        constraint.kind == ConstraintKind::unique) {
      c.drops.push_back(keys::unique_key("", t.name, constraint.columns));
    }
    if (constraint.kind != ConstraintKind::foreign_key) continue;
    const auto& target = constraint.references;
    if (target.schema.empty() && target.table != t.name && !ctx.to.tables.count(target.table)) {
      // Both tables go: the foreign key between them goes first, as its own step, so that
      // tables referencing each other can be dropped at all.
      after_fk_drops.push_back(keys::con(t.name, constraint.name));
      fk_drops.push_back(constraint);
    } else {
      // The table's own foreign keys go with it; the tables they reference must outlive it.
      for (auto& key : keys::constraint_uses(t.name, constraint))
        c.uses_old.push_back(std::move(key));
    }
  }
  for (const auto& column : t.columns) {
    for (auto& key : keys::column_uses(ctx.from, column)) c.uses_old.push_back(std::move(key));
  }
  if (t.partition_of) c.uses_old.push_back(keys::rel(*t.partition_of));
  if (!t.partition_of)
    c.hazards.push_back(data_loss_table(t.name));
  else
    c.hazards.push_back({hazard::data_loss, "drops partition " + t.name + " and its rows"});
  c.after_drops = after_fk_drops;
  // `c` may move when the vector grows: no use of it below.
  for (const auto& fk : fk_drops) drop_constraint(ctx, t.name, fk);
}

// A table on both sides (or renamed): recreated when its partitioning changes, else altered.
void alter_table(Context& ctx, const Table& before, const Table& after) {
  if (partitioning_differs(before, after)) {
    drop_table(ctx, before);
    create_table(ctx, after);
    return;
  }
  alter_table_attributes(ctx, before, after);
  diff_columns(ctx, before, after);
  diff_constraints(ctx, before, after, false);
  diff_indexes(ctx, after.name, before.indexes, after.indexes, false);
}

void diff_tables(Context& ctx) {
  const auto& from = ctx.from.tables;
  const auto& to = ctx.to.tables;
  std::vector<std::string> renamed_sources;
  for (const auto& name : names_only_in(to, from)) {
    const Table& after = to.at(name);
    const Table* before = find_renamed_source(ctx, after);
    if (!before) {
      create_table(ctx, after);
      continue;
    }
    renamed_sources.push_back(before->name);
    rename_table(ctx, *before, after);
    alter_table(ctx, *before, after);
  }
  for (const auto& name : names_in_both(from, to)) alter_table(ctx, from.at(name), to.at(name));
  for (const auto& name : names_only_in(from, to)) {
    if (std::find(renamed_sources.begin(), renamed_sources.end(), name) != renamed_sources.end())
      continue;
    const Table& before = from.at(name);
    const std::size_t at = ctx.changes.size();
    drop_table(ctx, before);
    // drop_table adds the table's step first, its data-loss hazard last.
    if (!before.partition_of)
      ctx.changes[at].hazards.back().reason +=
          maybe_renamed("table", name, same_columns_added(ctx, before), "");
  }
}

}  // namespace recon::diff
