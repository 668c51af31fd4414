// Composite types: created before the columns and attributes that use them, dropped after,
// and altered attribute by attribute (ALTER TYPE ... ADD / DROP / RENAME / ALTER ATTRIBUTE).
#include <fmt/format.h>

#include <algorithm>

#include "catalog/ddl.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/names.hpp"

namespace recon::diff {
namespace {

std::string attribute_definition(const CompositeAttribute& a) {
  std::string out = quote_ident(a.name) + " " + a.type;
  if (a.collation) out += " COLLATE " + ddl::collation_name(*a.collation);
  return out;
}

std::string attribute_comment(const std::string& type, const CompositeAttribute& a) {
  return ddl::comment_on("COLUMN " + quote_ident(type) + "." + quote_ident(a.name), a.comment);
}

void create_composite(Context& ctx, const CompositeType& t) {
  std::string sql = "CREATE TYPE " + quote_ident(t.name) + " AS (";
  for (std::size_t i = 0; i < t.attributes.size(); ++i)
    sql += (i ? ", " : "") + attribute_definition(t.attributes[i]);
  sql += ");";
  if (t.comment) sql += "\n" + ddl::comment_on("TYPE " + quote_ident(t.name), t.comment);
  for (const auto& a : t.attributes)
    if (a.comment) sql += "\n" + attribute_comment(t.name, a);
  auto& c = ctx.emit(ChangeKind::create_composite, "composite type " + t.name,
                     "+ composite type " + t.name, sql);
  c.creates.push_back(keys::type(t.name));
  for (const auto& a : t.attributes)
    for (auto& key : keys::attribute_uses(ctx.to, a)) c.needs.push_back(std::move(key));
  c.where = t.where;
}

void drop_composite(Context& ctx, const CompositeType& t) {
  auto& c = ctx.emit(ChangeKind::drop_composite, "composite type " + t.name,
                     "- composite type " + t.name, "DROP TYPE " + quote_ident(t.name) + ";");
  c.drops.push_back(keys::type(t.name));
  for (const auto& a : t.attributes)
    for (auto& key : keys::attribute_uses(ctx.from, a)) c.uses_old.push_back(std::move(key));
}

const CompositeAttribute* find_attribute(const CompositeType& t, const std::string& name) {
  for (const auto& a : t.attributes)
    if (a.name == name) return &a;
  return nullptr;
}

// The attribute of `before` that `a` continues: the same name, or one it is renamed from that
// `after` no longer has.
const CompositeAttribute* source_of(const CompositeType& before, const CompositeType& after,
                                    const CompositeAttribute& a) {
  if (const auto* same = find_attribute(before, a.name)) return same;
  for (const auto& old : a.renamed_from) {
    const auto* found = find_attribute(before, old);
    if (found && !find_attribute(after, old)) return found;
  }
  return nullptr;
}

// Whether `type` is `name`, an array of it, or (through their attributes) a composite type
// of `catalog` built on it.
bool stores_type(const Catalog& catalog, const std::string& key, const Column& column) {
  const auto uses = keys::column_uses(catalog, column);
  return std::find(uses.begin(), uses.end(), key) != uses.end();
}

// The composite types of `catalog` that hold `name` in an attribute, directly or through
// another, and `name` itself: a column of any of them stores values of `name`.
std::vector<std::string> holders_of(const Catalog& catalog, const std::string& name) {
  std::vector<std::string> out = {keys::type(name)};
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const auto& [other, t] : catalog.composites) {
      const std::string key = keys::type(other);
      if (std::find(out.begin(), out.end(), key) != out.end()) continue;
      for (const auto& a : t.attributes) {
        const auto uses = keys::attribute_uses(catalog, a);
        if (std::find(uses.begin(), uses.end(), out[i]) == uses.end()) continue;
        out.push_back(key);
        break;
      }
    }
  }
  return out;
}

// The table columns of A that store values of composite type `name`, as "table.column".
// Postgres refuses ALTER ATTRIBUTE ... TYPE while any does. Those the plan drops or
// retypes first are not in the way: `after_drops` gets their keys.
std::vector<std::string> storing_columns(const Context& ctx, const std::string& name,
                                         std::vector<std::string>& after_drops) {
  const auto holders = holders_of(ctx.from, name);
  std::vector<std::string> kept;
  for (const auto& [table, t] : ctx.from.tables) {
    for (const auto& column : t.columns) {
      const bool stores = std::any_of(holders.begin(), holders.end(), [&](const std::string& k) {
        return stores_type(ctx.from, k, column);
      });
      if (!stores) continue;
      bool stays = false;
      if (const auto still = ctx.to.tables.find(table); still != ctx.to.tables.end()) {
        for (const auto& now : still->second.columns)
          if (now.name == column.name && now.type == column.type) stays = true;
      }
      if (stays)
        kept.push_back(table + "." + column.name);
      else
        after_drops.push_back(keys::col(table, column.name));
    }
  }
  return kept;
}

std::string joined_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

struct AlterComposite {
  Context& ctx;
  const CompositeType& after;

  Change& emit(const std::string& what, const std::string& sql) {
    auto& c = ctx.emit(ChangeKind::alter_composite, "composite type " + after.name,
                       "~ composite type " + after.name + ": " + what,
                       "ALTER TYPE " + quote_ident(after.name) + " " + sql + ";");
    c.needs.push_back(keys::type(after.name));
    return c;
  }

  void rename(const CompositeAttribute& before, const CompositeAttribute& now) {
    auto& c = emit("rename attribute " + before.name + " to " + now.name,
                   "RENAME ATTRIBUTE " + quote_ident(before.name) + " TO " + quote_ident(now.name));
    c.hazards.push_back(renamed_under_running_application(after.name + "." + before.name,
                                                          "every query that reads the attribute"));
  }

  void add(const CompositeAttribute& a) {
    auto& c = emit("add attribute " + a.name, "ADD ATTRIBUTE " + attribute_definition(a));
    for (auto& key : keys::attribute_uses(ctx.to, a)) c.needs.push_back(std::move(key));
    if (a.comment) c.sql += "\n" + attribute_comment(after.name, a);
  }

  Change& drop(const CompositeAttribute& a) {
    auto& c = emit("drop attribute " + a.name, "DROP ATTRIBUTE " + quote_ident(a.name));
    for (auto& key : keys::attribute_uses(ctx.from, a)) c.uses_old.push_back(std::move(key));
    c.hazards.push_back({hazard::data_loss, "drops attribute " + a.name + " from every value of " +
                                                after.name + " stored in a column"});
    return c;
  }

  void retype(const CompositeAttribute& before, const CompositeAttribute& now) {
    std::vector<std::string> after_drops;
    const auto columns = storing_columns(ctx, after.name, after_drops);
    if (!columns.empty()) refuse_retype(before, now, columns);
    // Under its old name: retypes run before the type's other changes (renames among them),
    // which need the type's key that they create, so that the columns of the type this plan
    // adds come once it has its new shape.
    std::string sql = "ALTER ATTRIBUTE " + quote_ident(before.name) + " TYPE " + now.type;
    if (now.collation) sql += " COLLATE " + ddl::collation_name(*now.collation);
    auto& c = emit(
        fmt::format("attribute {}: type {} -> {}", now.name, describe(before), describe(now)), sql);
    c.needs.clear();
    for (auto& key : keys::attribute_uses(ctx.to, now)) c.needs.push_back(std::move(key));
    for (auto& key : keys::attribute_uses(ctx.from, before)) c.uses_old.push_back(std::move(key));
    c.after_drops = std::move(after_drops);
    c.creates.push_back(keys::type(after.name));
  }

  static std::string describe(const CompositeAttribute& a) {
    return a.collation ? a.type + " collate " + *a.collation : a.type;
  }

  [[noreturn]] void refuse_retype(const CompositeAttribute& before, const CompositeAttribute& now,
                                  const std::vector<std::string>& columns) {
    throw InputError({{now.where.known() ? now.where : after.where,
                       fmt::format("composite type '{}' changes attribute '{}' from {} to {}, "
                                   "which Postgres refuses while table columns store the type "
                                   "({}). Add an attribute of another name with the new type, "
                                   "copy the values in a hand-written step (docs/data.md), and "
                                   "drop '{}' in a later plan; or keep '{}' as it is",
                                   after.name, now.name, describe(before), describe(now),
                                   joined_list(columns), before.name, before.name)}});
  }

  void comment(const CompositeAttribute& a) {
    auto& c = ctx.emit(ChangeKind::comment, "composite type " + after.name,
                       "~ composite type " + after.name + ": attribute " + a.name + ": comment",
                       attribute_comment(after.name, a));
    c.needs.push_back(keys::type(after.name));
  }
};

// Drops first, then renames, then the rest: an attribute may take the name of one dropped or
// renamed away in the same plan.
void alter_composite(Context& ctx, const CompositeType& before, const CompositeType& after) {
  AlterComposite alter{ctx, after};
  std::vector<std::string> continued;  // attributes of `before` that `after` keeps
  for (const auto& a : after.attributes)
    if (const auto* old = source_of(before, after, a)) continued.push_back(old->name);
  std::vector<const CompositeAttribute*> added;
  for (const auto& a : after.attributes)
    if (!source_of(before, after, a)) added.push_back(&a);
  for (const auto& a : before.attributes) {
    if (std::find(continued.begin(), continued.end(), a.name) != continued.end()) continue;
    std::vector<std::string> same_type;
    for (const auto* candidate : added)
      if (candidate->type == a.type) same_type.push_back(candidate->name);
    alter.drop(a).hazards.back().reason +=
        maybe_renamed("attribute", a.name, same_type, " in composite type " + after.name);
  }
  for (const auto& a : after.attributes)
    if (const auto* old = source_of(before, after, a); old && old->name != a.name)
      alter.rename(*old, a);
  for (const auto& a : after.attributes) {
    const auto* old = source_of(before, after, a);
    if (!old) {
      alter.add(a);
      continue;
    }
    if (old->type != a.type || old->collation != a.collation) alter.retype(*old, a);
    if (old->comment != a.comment) alter.comment(a);
  }
  if (before.comment != after.comment) {
    auto& c = ctx.emit(ChangeKind::comment, "composite type " + after.name,
                       "~ composite type " + after.name + ": comment",
                       ddl::comment_on("TYPE " + quote_ident(after.name), after.comment));
    c.needs.push_back(keys::type(after.name));
  }
}

}  // namespace

void diff_composites(Context& ctx) {
  const auto& from = ctx.from.composites;
  const auto& to = ctx.to.composites;
  for (const auto& name : names_only_in(to, from)) create_composite(ctx, to.at(name));
  for (const auto& name : names_in_both(from, to)) alter_composite(ctx, from.at(name), to.at(name));
  for (const auto& name : names_only_in(from, to)) drop_composite(ctx, from.at(name));
}

}  // namespace recon::diff
