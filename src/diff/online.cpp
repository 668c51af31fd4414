#include "diff/online.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "diff/keys.hpp"

namespace recon::diff {
namespace {

constexpr const char* kAccessExclusive = locks::access_exclusive;
constexpr const char* kShareRowExclusive = locks::share_row_exclusive;
constexpr const char* kShareUpdateExclusive = locks::share_update_exclusive;

// What the sessions that use the table go through while the lock is held (or queued).
std::string effect(const std::string& level) {
  if (level == kShareUpdateExclusive) return "reads and writes go on";
  const std::string waiting = level == kAccessExclusive ? "reads and writes" : "writes";
  return waiting + " wait for it, and queue behind it while it waits for the lock";
}

bool partitioned(const Catalog& catalog, const std::string& relation) {
  const auto found = catalog.tables.find(relation);
  return found != catalog.tables.end() &&
         (found->second.partition_by || found->second.partition_of);
}

// Whether a relation (table, view, sequence, index, constraint's index) of that name exists
// before the plan: the schema's relations share one namespace.
bool relation_name_taken(const Catalog& catalog, const std::string& name) {
  if (catalog.tables.count(name) || catalog.views.count(name) || catalog.sequences.count(name))
    return true;
  return std::any_of(catalog.tables.begin(), catalog.tables.end(), [&](const auto& entry) {
    const Table& t = entry.second;
    return std::any_of(t.indexes.begin(), t.indexes.end(),
                       [&](const Index& i) { return i.name == name; }) ||
           std::any_of(t.constraints.begin(), t.constraints.end(), [&](const Constraint& c) {
             return c.kind != ConstraintKind::check && c.kind != ConstraintKind::foreign_key &&
                    c.name == name;
           });
  });
}

std::string referenced(const Constraint& c) {
  return c.references.schema.empty() ? c.references.table
                                     : c.references.schema + "." + c.references.table;
}

// The lock of a constraint added NOT VALID: a foreign key also locks the table it references.
std::string not_valid_lock(const std::string& table, const Constraint& c) {
  if (c.kind == ConstraintKind::foreign_key)
    return locks::brief(kShareRowExclusive, table + ", " + referenced(c));
  return locks::brief(kAccessExclusive, table);
}

std::string comment_sql(const std::string& table, const Constraint& c) {
  if (!c.comment) return "";
  return "\n" + ddl::comment_on("CONSTRAINT " + quote_ident(c.name) + " ON " + quote_ident(table),
                                c.comment);
}

Index index_of(const Constraint& c, const std::string& name) {
  Index index;
  index.name = name;
  index.unique = true;
  index.nulls_not_distinct = c.nulls_not_distinct;
  for (const auto& column : c.columns) {
    IndexKey key;
    key.column = column;
    index.keys.push_back(std::move(key));
  }
  index.include = c.include;
  return index;
}

std::vector<Hazard> build_hazards(const std::string& relation) {
  return {
      {hazard::index_build,
       "reads all of " + relation +
           " to build the index concurrently (reads and writes go "
           "on); a build that fails leaves an invalid index, which recon drops and builds again "
           "when apply runs again"}};
}

// CREATE [UNIQUE] INDEX CONCURRENTLY: alone, outside the revision's transaction.
void concurrently(Change& change, const std::string& relation, const Index& index) {
  change.sql = ddl::create_index(relation, index, true);
  change.transactional = false;
  change.hazards = build_hazards(relation);
  change.lock = locks::alone(kShareUpdateExclusive, relation, "build");
}

// UNIQUE or PRIMARY KEY through a unique index built concurrently, then taken over by the
// constraint (ADD CONSTRAINT ... USING INDEX, which renames the index after the constraint).
void through_index(Context& ctx, std::size_t at, const std::string& table, const Constraint& c) {
  const bool taken = relation_name_taken(ctx.from, c.name);
  const Index index = index_of(c, taken ? temporary_name(c.name, "_recon_new") : c.name);
  const std::string object = ctx.changes[at].object;
  const SourceLocation where = ctx.changes[at].where;
  {
    Change& add = ctx.changes[at];
    const bool primary = c.kind == ConstraintKind::primary_key;
    add.sql = "ALTER TABLE " + quote_ident(table) + " ADD CONSTRAINT " + quote_ident(c.name) +
              (primary ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + quote_ident(index.name);
    if (c.deferrable) add.sql += " DEFERRABLE";
    if (c.initially_deferred) add.sql += " INITIALLY DEFERRED";
    add.sql += ";" + comment_sql(table, c);
    add.needs.push_back(keys::rel(index.name));
    // A primary key's columns are made NOT NULL first (not_null_online), not by a scan here.
    if (primary)
      for (const auto& column : c.columns) add.needs.push_back("notnull:" + table + "." + column);
    add.hazards.clear();
    add.lock = locks::brief(kAccessExclusive, table);
  }
  auto& build = ctx.emit(ChangeKind::create_index, object, "+ " + object + ": build its index", "");
  concurrently(build, table, index);
  build.where = where;
  build.needs = keys::constraint_uses(table, c);
  build.needs.push_back(keys::rel(table));
  build.creates.push_back(keys::rel(index.name));
  // The constraint it replaces (same name) goes only once the new index is built.
  for (auto& change : ctx.changes) {
    const auto& drops = change.drops;
    if (taken && std::find(drops.begin(), drops.end(), keys::con(table, c.name)) != drops.end())
      change.needs.push_back(keys::rel(index.name));
  }
  // Without a temporary name, whatever holds the name goes first.
  if (!taken) ctx.changes.back().after_drops.push_back(keys::con(table, c.name));
}

}  // namespace

bool online_form(const Context& ctx, const std::string& relation, bool relation_is_new) {
  return ctx.online && !relation_is_new && !partitioned(ctx.from, relation) &&
         !partitioned(ctx.to, relation);
}

std::string temporary_name(const std::string& base, const std::string& suffix) {
  if (base.size() + suffix.size() <= max_identifier_bytes) return base + suffix;
  std::uint32_t digest = 2166136261u;  // FNV-1a: short, stable across builds
  for (unsigned char ch : base) digest = (digest ^ ch) * 16777619u;
  const std::string tag = fmt::format("_{:08x}", digest);
  std::size_t keep = max_identifier_bytes - suffix.size() - tag.size();
  while (keep > 0 && (static_cast<unsigned char>(base[keep]) & 0xC0) == 0x80) --keep;
  return base.substr(0, keep) + tag + suffix;
}

namespace locks {

std::string brief(const std::string& level, const std::string& tables) {
  return level + " on " + tables + " until its transaction commits (no scan: brief); " +
         effect(level);
}

std::string alone(const std::string& level, const std::string& tables, const std::string& work) {
  return level + " on " + tables + " for the whole " + work + ", in a transaction of its own; " +
         effect(level);
}

std::string scanning(const std::string& level, const std::string& tables, const std::string& work) {
  return level + " on " + tables + " for the whole " + work + ", until its transaction commits; " +
         effect(level);
}

}  // namespace locks

void index_online(Context& ctx, std::size_t at, const std::string& relation, const Index& index) {
  Index built = index;
  built.comment.reset();
  concurrently(ctx.changes[at], relation, built);
  if (!index.comment) return;
  // A statement that runs outside a transaction runs alone: the comment is a step of its own.
  const std::string object = ctx.changes[at].object;
  auto& c = ctx.emit(ChangeKind::comment, object, "~ " + object + ": comment",
                     ddl::comment_on("INDEX " + quote_ident(index.name), index.comment));
  c.needs.push_back(keys::rel(index.name));
}

void drop_index_online(Context& ctx, std::size_t at, const std::string& relation,
                       const Index& index) {
  Change& c = ctx.changes[at];
  c.sql = "DROP INDEX CONCURRENTLY IF EXISTS " + quote_ident(index.name) + ";";
  c.transactional = false;
  c.lock = locks::alone(kShareUpdateExclusive, relation, "drop");
}

bool constraint_online(Context& ctx, std::size_t at, const std::string& table,
                       const Constraint& c) {
  if (c.name.empty()) return false;
  switch (c.kind) {
    case ConstraintKind::primary_key:
    case ConstraintKind::unique:
      through_index(ctx, at, table, c);
      return true;
    case ConstraintKind::foreign_key:
    case ConstraintKind::check:
      break;
    case ConstraintKind::exclude:
      return false;
  }
  ctx.changes[at].hazards.clear();
  ctx.changes[at].lock = not_valid_lock(table, c);
  if (c.not_valid) return true;  // declared NOT VALID: nothing to validate
  Constraint added = c;
  added.not_valid = true;
  ctx.changes[at].sql = ddl::add_constraint(table, added) + comment_sql(table, c);
  const std::string object = ctx.changes[at].object;
  auto& validate = ctx.emit(
      ChangeKind::validate_constraint, object, "~ " + object + ": validate",
      "ALTER TABLE " + quote_ident(table) + " VALIDATE CONSTRAINT " + quote_ident(c.name) + ";");
  validate.needs.push_back(keys::con(table, c.name));
  validate_alone(validate, table, c);
  return true;
}

void validate_in_transaction(Change& change, const std::string& table, const Constraint& c) {
  const bool fk = c.kind == ConstraintKind::foreign_key;
  change.hazards = {{hazard::validation_scan, "checks every row of " + table +
                                                  (fk ? " against " + referenced(c) : "") +
                                                  " (reads and writes go on)"}};
  change.lock = locks::scanning(kShareUpdateExclusive, table, "scan");
  if (fk) change.lock += "; ROW SHARE on " + referenced(c);
}

void validate_alone(Change& change, const std::string& table, const Constraint& c) {
  validate_in_transaction(change, table, c);
  change.transactional = false;
  change.lock = locks::alone(kShareUpdateExclusive, table, "scan");
  if (c.kind == ConstraintKind::foreign_key) change.lock += "; ROW SHARE on " + referenced(c);
}

std::string blocking_lock(const std::string& table, const Constraint& c) {
  if (c.not_valid) return not_valid_lock(table, c);
  switch (c.kind) {
    case ConstraintKind::foreign_key:
      return locks::scanning(kShareRowExclusive, table + ", " + referenced(c), "scan");
    case ConstraintKind::check:
      return locks::scanning(kAccessExclusive, table, "scan");
    default:
      return locks::scanning(kAccessExclusive, table, "index build");
  }
}

void not_null_online(Context& ctx, std::size_t at, const std::string& table, const Column& column) {
  const std::string check = temporary_name(column.name, "_recon_not_null");
  const std::string t = quote_ident(table);
  const std::string object = ctx.changes[at].object;
  {
    Change& set = ctx.changes[at];
    set.sql += "\nALTER TABLE " + t + " DROP CONSTRAINT " + quote_ident(check) + ";";
    set.needs.push_back(keys::con(table, check));
    set.needs.push_back("valid:" + table + "." + check);
    set.creates.push_back("notnull:" + table + "." + column.name);
    set.hazards.clear();
    set.lock = locks::brief(kAccessExclusive, table) +
               " (the validated check spares SET NOT NULL its scan)";
  }
  auto& add = ctx.emit(ChangeKind::alter_column, object, "~ " + object + ": not null check",
                       "ALTER TABLE " + t + " ADD CONSTRAINT " + quote_ident(check) + " CHECK (" +
                           quote_ident(column.name) + " IS NOT NULL) NOT VALID;");
  add.needs = {keys::rel(table), keys::col(table, column.name)};
  add.creates.push_back(keys::con(table, check));
  add.lock = locks::brief(kAccessExclusive, table);
  auto& validate =
      ctx.emit(ChangeKind::validate_constraint, object, "~ " + object + ": validate not null check",
               "ALTER TABLE " + t + " VALIDATE CONSTRAINT " + quote_ident(check) + ";");
  validate.needs.push_back(keys::con(table, check));
  validate.creates.push_back("valid:" + table + "." + check);
  validate.transactional = false;
  validate.hazards = {{hazard::validation_scan, "scans " + table + " for nulls in " + column.name +
                                                    "; fails if it finds any (reads and writes "
                                                    "go on)"}};
  validate.lock = locks::alone(kShareUpdateExclusive, table, "scan");
}

void replace_index_online(Context& ctx, const std::string& relation, const Index& before,
                          const Index& after) {
  const std::string object = "index " + relation + "." + after.name;
  Index built = after;
  built.name = temporary_name(after.name, "_recon_new");
  built.comment.reset();
  const auto unique_key = [&](const Index& index) {
    std::vector<std::string> columns;
    for (const auto& k : index.keys) columns.push_back(k.column);
    return keys::unique_key("", relation, columns);
  };

  auto& build = ctx.emit(ChangeKind::create_index, object,
                         "~ " + object + ": build the new definition as " + built.name, "");
  concurrently(build, relation, built);
  build.needs = keys::index_uses(relation, after);
  build.needs.push_back(keys::rel(relation));
  build.creates.push_back(keys::rel(built.name));
  build.where = after.where_declared;

  auto& drop =
      ctx.emit(ChangeKind::drop_index, object, "~ " + object + ": drop the old definition", "");
  drop_index_online(ctx, ctx.changes.size() - 1, relation, before);
  drop.needs.push_back(keys::rel(built.name));
  drop.drops.push_back(keys::rel(before.name));
  drop.uses_old = keys::index_uses(relation, before);
  if (before.unique) drop.drops.push_back(unique_key(before));

  std::string sql =
      "ALTER INDEX " + quote_ident(built.name) + " RENAME TO " + quote_ident(after.name) + ";";
  if (after.comment)
    sql += "\n" + ddl::comment_on("INDEX " + quote_ident(after.name), after.comment);
  auto& rename = ctx.emit(ChangeKind::rename_index, object,
                          "~ " + object + ": the new definition takes the name", sql);
  rename.needs.push_back(keys::rel(built.name));
  rename.after_drops.push_back(keys::rel(before.name));
  rename.creates.push_back(keys::rel(after.name));
  if (after.unique && !after.where) rename.creates.push_back(unique_key(after));
  rename.lock = locks::brief(kShareUpdateExclusive, "index " + built.name);
}

}  // namespace recon::diff
