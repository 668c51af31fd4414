// Columns of a table that exists on both sides.
#include <algorithm>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/online.hpp"

namespace recon::diff {
namespace {

struct ColumnStep {
  Context& ctx;
  const Table& table;
  const Column& after;

  Change& emit(ChangeKind kind, const std::string& what, const std::string& sql) {
    const std::string object = "column " + table.name + "." + after.name;
    auto& c = ctx.emit(kind, object, "~ " + object + ": " + what,
                       "ALTER TABLE " + quote_ident(table.name) + " " + sql + ";");
    c.needs.push_back(keys::rel(table.name));
    c.needs.push_back(keys::col(table.name, after.name));
    return c;
  }

  std::string alter() const { return "ALTER COLUMN " + quote_ident(after.name) + " "; }
};

const Column* find_column(const Table& t, const std::string& name) {
  for (const auto& c : t.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const Column* renamed_source(const Table& before, const Table& after, const Column& column) {
  for (const auto& old_name : column.renamed_from) {
    const Column* found = find_column(before, old_name);
    if (found && !find_column(after, old_name)) return found;
  }
  return nullptr;
}

Hazard lock_hazard(const std::string& table, const std::string& why) {
  return {hazard::access_exclusive_lock,
          "blocks reads and writes of " + table + " while it " + why};
}

// A default that Postgres must evaluate per row makes ADD COLUMN rewrite the table.
bool volatile_default(const Column& c) {
  if (c.identity != Identity::none || c.generated) return true;
  if (!c.default_expr) return false;
  const std::string& d = *c.default_expr;
  return d.find("nextval(") != std::string::npos || d.find("random()") != std::string::npos ||
         d.find("gen_random_uuid()") != std::string::npos ||
         d.find("clock_timestamp()") != std::string::npos;
}

void alter_not_null(Context& ctx, const Table& table, const Column& after);

void add_column(Context& ctx, const Table& table, const Column& declared) {
  // Added nullable and made NOT NULL afterwards: a hand-written step fills it in between.
  const bool not_null_later =
      declared.not_null && ctx.nullable_first.contains({table.name, declared.name});
  Column column = declared;
  if (not_null_later) column.not_null = false;
  const std::string object = "column " + table.name + "." + column.name;
  std::string sql = "ALTER TABLE " + quote_ident(table.name) + " ADD COLUMN " +
                    ddl::column_definition(column) + ";";
  if (column.comment) {
    sql +=
        "\n" + ddl::comment_on("COLUMN " + quote_ident(table.name) + "." + quote_ident(column.name),
                               column.comment);
  }
  auto& c = ctx.emit(ChangeKind::add_column, object, "+ " + object, sql);
  c.needs.push_back(keys::rel(table.name));
  c.creates.push_back(keys::col(table.name, column.name));
  c.where = column.where;
  for (auto& key : keys::column_uses(ctx.to, column)) c.needs.push_back(std::move(key));
  if (volatile_default(column)) {
    c.hazards.push_back(
        {hazard::table_rewrite, "computes " + column.name + " for every existing row"});
    c.hazards.push_back(lock_hazard(table.name, "rewrites it"));
  }
  if (column.not_null && !column.default_expr && column.identity == Identity::none &&
      !column.generated) {
    c.hazards.push_back({hazard::validation_scan,
                         "NOT NULL without a default fails if " + table.name + " has rows"});
  }
  if (not_null_later) alter_not_null(ctx, table, declared);
}

void drop_column(Context& ctx, const Table& table, const Column& column) {
  const std::string object = "column " + table.name + "." + column.name;
  auto& c = ctx.emit(
      ChangeKind::drop_column, object, "- " + object,
      "ALTER TABLE " + quote_ident(table.name) + " DROP COLUMN " + quote_ident(column.name) + ";");
  c.needs.push_back(keys::rel(table.name));
  c.drops.push_back(keys::col(table.name, column.name));
  for (auto& key : keys::column_uses(ctx.from, column)) c.uses_old.push_back(std::move(key));
  c.hazards.push_back(
      {hazard::data_loss, "drops column " + table.name + "." + column.name + " and its values"});
}

void rename_column(Context& ctx, const Table& table, const Column& before, const Column& after) {
  const std::string object = "column " + table.name + "." + after.name;
  auto& c = ctx.emit(ChangeKind::rename_column, object,
                     "~ column " + table.name + "." + before.name + ": rename to " + after.name,
                     "ALTER TABLE " + quote_ident(table.name) + " RENAME COLUMN " +
                         quote_ident(before.name) + " TO " + quote_ident(after.name) + ";");
  c.needs.push_back(keys::rel(table.name));
  c.needs.push_back(keys::col(table.name, before.name));
  c.drops.push_back(keys::col(table.name, before.name));
  c.creates.push_back(keys::col(table.name, after.name));
  c.hazards.push_back(renamed_under_running_application(table.name + "." + before.name,
                                                        "every query that names it"));
}

// The added columns of the same type as `dropped`: it may be one of them renamed.
std::vector<std::string> same_type(const Column& dropped, const std::vector<const Column*>& added) {
  std::vector<std::string> out;
  for (const Column* column : added)
    if (column->type == dropped.type) out.push_back(column->name);
  return out;
}

void alter_type(Context& ctx, const Table& table, const Column& before, const Column& after) {
  ColumnStep step{ctx, table, after};
  // The old default may not cast to the new type: it is dropped first and the new one set
  // after, in the same statement.
  std::string sql = before.default_expr ? step.alter() + "DROP DEFAULT, " : "";
  sql += step.alter() + "TYPE " + after.type;
  if (after.collation) sql += " COLLATE " + ddl::collation_name(*after.collation);
  sql += " USING " + quote_ident(after.name) + "::" + after.type;
  if (after.default_expr) sql += ", " + step.alter() + "SET DEFAULT " + *after.default_expr;
  auto& c = step.emit(ChangeKind::alter_column, "type " + before.type + " -> " + after.type, sql);
  c.hazards = type_change_hazards(table.name, before, after);
  // Dependent views and indexes must be rebuilt around a type change.
  c.drops.push_back(keys::col(table.name, after.name));
  c.creates.push_back(keys::col(table.name, after.name));
  for (auto& key : keys::column_uses(ctx.to, after)) c.needs.push_back(std::move(key));
  for (auto& key : keys::column_uses(ctx.from, before)) c.uses_old.push_back(std::move(key));
}

void alter_default(Context& ctx, const Table& table, const Column& before, const Column& after) {
  ColumnStep step{ctx, table, after};
  auto& c =
      after.default_expr
          ? step.emit(ChangeKind::alter_column, "set default " + *after.default_expr,
                      step.alter() + "SET DEFAULT " + *after.default_expr)
          : step.emit(ChangeKind::alter_column, "drop default", step.alter() + "DROP DEFAULT");
  for (auto& key : keys::column_uses(ctx.to, after)) c.needs.push_back(std::move(key));
  for (auto& key : keys::column_uses(ctx.from, before)) c.uses_old.push_back(std::move(key));
}

void alter_not_null(Context& ctx, const Table& table, const Column& after) {
  ColumnStep step{ctx, table, after};
  if (after.not_null) {
    auto& c = step.emit(ChangeKind::alter_column, "set not null", step.alter() + "SET NOT NULL");
    if (online_form(ctx, table.name, false)) {
      not_null_online(ctx, ctx.changes.size() - 1, table.name, after);
      return;
    }
    c.hazards = {{hazard::validation_scan, "scans " + table.name + " for nulls in " + after.name +
                                               "; fails if it finds any"},
                 lock_hazard(table.name, "scans it")};
    c.lock = locks::scanning(locks::access_exclusive, table.name, "scan");
  } else {
    step.emit(ChangeKind::alter_column, "drop not null", step.alter() + "DROP NOT NULL");
  }
}

void alter_identity(Context& ctx, const Table& table, const Column& before, const Column& after) {
  ColumnStep step{ctx, table, after};
  if (after.identity == Identity::none) {
    step.emit(ChangeKind::alter_column, "drop identity", step.alter() + "DROP IDENTITY");
    return;
  }
  if (before.identity == Identity::none) {
    step.emit(ChangeKind::alter_column, "add identity",
              step.alter() + "ADD " + ddl::identity_clause(after));
    return;
  }
  std::string sql;
  if (before.identity != after.identity) {
    sql +=
        after.identity == Identity::always ? " SET GENERATED ALWAYS" : " SET GENERATED BY DEFAULT";
  }
  const auto& a = before.identity_options;
  const auto& b = after.identity_options;
  if (a.increment != b.increment && b.increment)
    sql += " SET INCREMENT BY " + std::to_string(*b.increment);
  if (a.min_value != b.min_value && b.min_value)
    sql += " SET MINVALUE " + std::to_string(*b.min_value);
  if (a.max_value != b.max_value && b.max_value)
    sql += " SET MAXVALUE " + std::to_string(*b.max_value);
  if (a.start != b.start && b.start) sql += " SET START WITH " + std::to_string(*b.start);
  if (a.cache != b.cache && b.cache) sql += " SET CACHE " + std::to_string(*b.cache);
  if (a.cycle != b.cycle && b.cycle) sql += *b.cycle ? " SET CYCLE" : " SET NO CYCLE";
  if (!sql.empty()) {
    auto& c = step.emit(ChangeKind::alter_column, "identity",
                        "ALTER COLUMN " + quote_ident(after.name) + sql);
    // Postgres refuses a MINVALUE above the sequence's current value. Unlike a sequence of its
    // own (diff_types.cpp), the identity's sequence has no name here to move it up by.
    if (b.min_value && a.min_value && *b.min_value > *a.min_value) {
      c.hazards.push_back({hazard::validation_scan,
                           "fails if the identity of " + table.name + "." + after.name +
                               " is below the new MINVALUE " + std::to_string(*b.min_value) +
                               " (restart it at or above that value first)"});
    }
  }
}

void alter_comment(Context& ctx, const Table& table, const Column& after) {
  const std::string object = "column " + table.name + "." + after.name;
  auto& c =
      ctx.emit(ChangeKind::comment, object, "~ " + object + ": comment",
               ddl::comment_on("COLUMN " + quote_ident(table.name) + "." + quote_ident(after.name),
                               after.comment));
  c.needs.push_back(keys::col(table.name, after.name));
}

void diff_column(Context& ctx, const Table& table, const Column& before, const Column& after) {
  // A stored generated column's expression cannot be altered: the column is recomputed.
  if (before.generated != after.generated ||
      (before.generated && calls_dropped(ctx, before.calls))) {
    drop_column(ctx, table, before);
    ctx.changes.back().hazards = {
        {hazard::table_rewrite, "recomputes generated column " + after.name}};
    add_column(ctx, table, after);
    return;
  }
  const bool retyped = before.type != after.type || before.collation != after.collation;
  if (retyped) alter_type(ctx, table, before, after);
  if (!retyped && before.default_expr && calls_dropped(ctx, before.calls)) {
    // The old default calls a routine that is dropped: it goes first, the new one comes after.
    Column without = after;
    without.default_expr.reset();
    without.calls.clear();
    alter_default(ctx, table, before, without);
    if (after.default_expr) alter_default(ctx, table, without, after);
  } else if (!retyped && before.default_expr != after.default_expr) {
    alter_default(ctx, table, before, after);
  }
  if (before.identity != after.identity || before.identity_options != after.identity_options) {
    alter_identity(ctx, table, before, after);
  }
  if (before.not_null != after.not_null) alter_not_null(ctx, table, after);
  if (before.comment != after.comment) alter_comment(ctx, table, after);
}

}  // namespace

void diff_columns(Context& ctx, const Table& before, const Table& after) {
  if (after.partition_of) return;  // a partition's columns are its parent's
  std::vector<std::string> renamed;
  std::vector<const Column*> added;
  const Column* previous = nullptr;
  for (const auto& column : after.columns) {
    const std::size_t first_change = ctx.changes.size();
    const Column* old = find_column(before, column.name);
    if (!old) {
      old = renamed_source(before, after, column);
      if (old) {
        renamed.push_back(old->name);
        rename_column(ctx, after, *old, column);
      }
    }
    if (old) {
      diff_column(ctx, after, *old, column);
    } else {
      add_column(ctx, after, column);
      added.push_back(&column);
    }
    // Columns are appended: the added ones (and recomputed generated ones) in declared order.
    for (std::size_t i = first_change; previous && i < ctx.changes.size(); ++i) {
      if (ctx.changes[i].kind == ChangeKind::add_column)
        ctx.changes[i].needs.push_back(keys::col(after.name, previous->name));
    }
    previous = &column;
  }
  for (const auto& column : before.columns) {
    const bool was_renamed =
        std::find(renamed.begin(), renamed.end(), column.name) != renamed.end();
    if (find_column(after, column.name) || was_renamed) continue;
    drop_column(ctx, after, column);
    ctx.changes.back().hazards.back().reason +=
        maybe_renamed("column", column.name, same_type(column, added), " in table " + after.name);
  }
}

}  // namespace recon::diff
