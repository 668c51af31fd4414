// Constraints and indexes of one relation. Both are matched by name; an unmatched pair
// with the same definition is a rename, not a drop and a create.
#include <algorithm>

#include "catalog/constraint_kind.hpp"
#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/online.hpp"

namespace recon::diff {

bool same_index_definition(const Index& a, const Index& b) {
  Index x = a, y = b;
  x.name.clear();
  y.name.clear();
  return ddl::create_index("t", x) == ddl::create_index("t", y);
}

namespace {

bool same_clause(const Constraint& a, const Constraint& b) {
  Constraint x = a, y = b;
  x.name.clear();
  y.name.clear();
  return ddl::constraint_clause(x) == ddl::constraint_clause(y);
}

bool same_definition(const Constraint& a, const Constraint& b) {
  return same_clause(a, b) && a.not_valid == b.not_valid;
}

bool same_definition(const Index& a, const Index& b) {
  return same_index_definition(a, b);
}

std::string object_of(const std::string& table, const Constraint& c) {
  return std::string(words(c.kind).step) + " " + table + "." +
         (c.name.empty() ? "(unnamed)" : c.name);
}

std::vector<Hazard> add_hazards(const std::string& table, const Constraint& c) {
  if (c.not_valid) return {};
  switch (c.kind) {
    case ConstraintKind::primary_key:
    case ConstraintKind::unique:
    case ConstraintKind::exclude:
      return {{hazard::index_build, "builds an index on " + table + ", blocking writes meanwhile"},
              {hazard::access_exclusive_lock,
               "blocks reads and writes of " + table + " while it builds"}};
    case ConstraintKind::foreign_key:
      return {
          {hazard::validation_scan,
           "checks every row of " + table + " against " + c.references.table +
               " (blocks writes to both meanwhile); add it NOT VALID and validate later to avoid"}};
    case ConstraintKind::check:
      return {{hazard::validation_scan,
               "checks every row of " + table + ", blocking writes meanwhile"}};
  }
  return {};
}

void add_constraint(Context& ctx, const std::string& table, const Constraint& c,
                    bool table_is_new) {
  const bool fk = c.kind == ConstraintKind::foreign_key;
  std::string sql = ddl::add_constraint(table, c);
  if (c.comment) {
    sql += "\n" + ddl::comment_on("CONSTRAINT " + quote_ident(c.name) + " ON " + quote_ident(table),
                                  c.comment);
  }
  auto& change = ctx.emit(fk ? ChangeKind::add_foreign_key : ChangeKind::add_constraint,
                          object_of(table, c), "+ " + object_of(table, c), sql);
  change.needs = keys::constraint_uses(table, c);
  change.needs.push_back(keys::rel(table));
  if (!c.name.empty()) change.creates.push_back(keys::con(table, c.name));
  if (c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique) {
    change.creates.push_back(keys::unique_key("", table, c.columns));
  }
  change.where = c.where;
  if (table_is_new) return;
  const std::size_t at = ctx.changes.size() - 1;
  if (online_form(ctx, table, false) && constraint_online(ctx, at, table, c)) return;
  ctx.changes[at].hazards = add_hazards(table, c);
  ctx.changes[at].lock = blocking_lock(table, c);
}

void rename_constraint(Context& ctx, const std::string& table, const Constraint& before,
                       const Constraint& after) {
  auto& change = ctx.emit(ChangeKind::rename_constraint, object_of(table, after),
                          "~ " + object_of(table, before) + ": rename to " + after.name,
                          "ALTER TABLE " + quote_ident(table) + " RENAME CONSTRAINT " +
                              quote_ident(before.name) + " TO " + quote_ident(after.name) + ";");
  change.needs.push_back(keys::rel(table));
  change.drops.push_back(keys::con(table, before.name));
  change.creates.push_back(keys::con(table, after.name));
}

void alter_comment(Context& ctx, const std::string& table, const Constraint& c) {
  auto& change =
      ctx.emit(ChangeKind::comment, object_of(table, c), "~ " + object_of(table, c) + ": comment",
               ddl::comment_on("CONSTRAINT " + quote_ident(c.name) + " ON " + quote_ident(table),
                               c.comment));
  change.needs.push_back(keys::con(table, c.name));
}

void validate(Context& ctx, const std::string& table, const Constraint& c) {
  auto& change = ctx.emit(
      ChangeKind::validate_constraint, object_of(table, c),
      "~ " + object_of(table, c) + ": validate",
      "ALTER TABLE " + quote_ident(table) + " VALIDATE CONSTRAINT " + quote_ident(c.name) + ";");
  change.needs.push_back(keys::con(table, c.name));
  if (online_form(ctx, table, false))
    validate_alone(change, table, c);
  else
    validate_in_transaction(change, table, c);
}

// Dropping is quick once it has the lock, but the lock waits for every running query on the
// table, and every query after it waits in turn: on a busy table that is an outage.
Hazard drop_lock(const std::string& tables, const std::string& what, const std::string& more = "") {
  return {hazard::access_exclusive_lock, "blocks reads and writes of " + tables + " while " + what +
                                             " (the lock waits for running queries)" + more};
}

// A foreign key's triggers on the referenced table go with it, under the same lock.
std::string with_referenced(const std::string& table, const ForeignKeyTarget& target) {
  const std::string other =
      target.schema.empty() ? target.table : target.schema + "." + target.table;
  return other == table ? table : table + " and " + other;
}

const char* slower_queries = "; queries that used the index may get slower";

template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const auto& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

// Hands each of `removed` with the first of `added` it `match`es to `take`, and leaves only
// the unmatched in both lists.
template <typename T, typename Match, typename Take>
void pair_off(std::vector<const T*>& removed, std::vector<const T*>& added, Match match,
              Take take) {
  for (auto r = removed.begin(); r != removed.end();) {
    const auto a =
        std::find_if(added.begin(), added.end(), [&](const T* now) { return match(**r, *now); });
    if (a == added.end()) {
      ++r;
      continue;
    }
    take(**r, **a);
    added.erase(a);
    r = removed.erase(r);
  }
}

// The same definition under another (given) name: a rename rather than a rebuild.
template <typename T>
bool renamed_to(const T& old, const T& now) {
  return !now.name.empty() && old.name != now.name && same_definition(old, now);
}

}  // namespace

void drop_constraint(Context& ctx, const std::string& table, const Constraint& c) {
  const bool fk = c.kind == ConstraintKind::foreign_key;
  auto& change = ctx.emit(
      fk ? ChangeKind::drop_foreign_key : ChangeKind::drop_constraint, object_of(table, c),
      "- " + object_of(table, c),
      "ALTER TABLE " + quote_ident(table) + " DROP CONSTRAINT " + quote_ident(c.name) + ";");
  change.needs.push_back(keys::rel(table));
  change.drops.push_back(keys::con(table, c.name));
  change.uses_old = keys::constraint_uses(table, c);
  if (c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique) {
    change.drops.push_back(keys::unique_key("", table, c.columns));
  }
  change.hazards = {
      has_index(c.kind)
          ? drop_lock(table, "the constraint and its index are dropped", slower_queries)
      : fk ? drop_lock(with_referenced(table, c.references), "the foreign key is dropped")
           : drop_lock(table, "the constraint is dropped")};
}

void diff_constraints(Context& ctx, const Table& before, const Table& after, bool table_is_new) {
  const std::string& table = after.name;
  std::vector<const Constraint*> added, removed;
  for (const auto& c : after.constraints) {
    const bool inline_in_create =
        table_is_new && c.kind != ConstraintKind::foreign_key && !c.not_valid;
    if (inline_in_create) continue;
    const Constraint* old = c.name.empty() ? nullptr : find_named(before.constraints, c.name);
    if (!old) {
      added.push_back(&c);
    } else if (!same_clause(*old, c) || calls_dropped(ctx, old->calls)) {
      removed.push_back(old);
      added.push_back(&c);
    } else if (old->not_valid && !c.not_valid) {
      validate(ctx, table, c);
    } else if (old->comment != c.comment) {
      alter_comment(ctx, table, c);
    }
  }
  for (const auto& c : before.constraints) {
    if (!find_named(after.constraints, c.name)) removed.push_back(&c);
  }
  // Same definition under another name: rename instead of rebuilding.
  pair_off(removed, added, renamed_to<Constraint>,
           [&](const Constraint& old, const Constraint& now) {
             rename_constraint(ctx, table, old, now);
           });
  for (const auto* c : removed) drop_constraint(ctx, table, *c);
  for (const auto* c : added) add_constraint(ctx, table, *c, table_is_new);
}

namespace {

void create_index(Context& ctx, const std::string& relation, const Index& index,
                  bool relation_is_new) {
  const std::string object =
      "index " + relation + "." + (index.name.empty() ? "(unnamed)" : index.name);
  std::string sql = ddl::create_index(relation, index);
  if (index.comment)
    sql += "\n" + ddl::comment_on("INDEX " + quote_ident(index.name), index.comment);
  auto& c = ctx.emit(ChangeKind::create_index, object, "+ " + object, sql);
  c.needs = keys::index_uses(relation, index);
  c.needs.push_back(keys::rel(relation));
  if (!index.name.empty()) c.creates.push_back(keys::rel(index.name));
  c.where = index.where_declared;
  if (index.unique && !index.where) {
    std::vector<std::string> columns;
    for (const auto& k : index.keys) columns.push_back(k.column);
    c.creates.push_back(keys::unique_key("", relation, columns));
  }
  if (relation_is_new) return;
  if (online_form(ctx, relation, false)) {
    index_online(ctx, ctx.changes.size() - 1, relation, index);
    return;
  }
  c.hazards = {{hazard::index_build, "builds the index while blocking writes to " + relation}};
  c.lock = locks::scanning(locks::share, relation, "build");
}

void drop_index(Context& ctx, const std::string& relation, const Index& index) {
  const std::string object = "index " + relation + "." + index.name;
  auto& c = ctx.emit(ChangeKind::drop_index, object, "- " + object,
                     "DROP INDEX " + quote_ident(index.name) + ";");
  if (online_form(ctx, relation, false)) {
    drop_index_online(ctx, ctx.changes.size() - 1, relation, index);  // no exclusive lock
  } else {
    c.hazards = {drop_lock(relation, "the index is dropped", slower_queries)};
    c.lock = locks::brief(locks::access_exclusive, relation);
  }
  c.drops.push_back(keys::rel(index.name));
  c.uses_old = keys::index_uses(relation, index);
  if (index.unique) {
    std::vector<std::string> columns;
    for (const auto& k : index.keys) columns.push_back(k.column);
    c.drops.push_back(keys::unique_key("", relation, columns));
  }
}

}  // namespace

void diff_indexes(Context& ctx, const std::string& relation, const std::vector<Index>& before,
                  const std::vector<Index>& after, bool relation_is_new) {
  std::vector<const Index*> added, removed;
  for (const auto& index : after) {
    const Index* old = index.name.empty() ? nullptr : find_named(before, index.name);
    if (!old) {
      added.push_back(&index);
    } else if (!same_definition(*old, index) || calls_dropped(ctx, old->calls) ||
               text_search_remapped(ctx, old->text_search_configs)) {
      removed.push_back(old);
      added.push_back(&index);
    } else if (old->comment != index.comment) {
      auto& c = ctx.emit(ChangeKind::comment, "index " + relation + "." + index.name,
                         "~ index " + relation + "." + index.name + ": comment",
                         ddl::comment_on("INDEX " + quote_ident(index.name), index.comment));
      c.needs.push_back(keys::rel(index.name));
    }
  }
  for (const auto& index : before) {
    if (!find_named(after, index.name)) removed.push_back(&index);
  }
  pair_off(removed, added, renamed_to<Index>, [&](const Index& old, const Index& now) {
    auto& c = ctx.emit(
        ChangeKind::rename_index, "index " + relation + "." + now.name,
        "~ index " + relation + "." + old.name + ": rename to " + now.name,
        "ALTER INDEX " + quote_ident(old.name) + " RENAME TO " + quote_ident(now.name) + ";");
    c.drops.push_back(keys::rel(old.name));
    c.creates.push_back(keys::rel(now.name));
  });
  // A definition that changes under the same name: online, the old index stays until the new
  // one is built.
  if (online_form(ctx, relation, relation_is_new)) {
    pair_off(
        removed, added,
        [&](const Index& old, const Index& now) {
          // Around a routine that is dropped the old index must go before the new one is built.
          return old.name == now.name && !calls_dropped(ctx, old.calls);
        },
        [&](const Index& old, const Index& now) { replace_index_online(ctx, relation, old, now); });
  }
  for (const auto* index : removed) drop_index(ctx, relation, *index);
  for (const auto* index : added) create_index(ctx, relation, *index, relation_is_new);
}

}  // namespace recon::diff
