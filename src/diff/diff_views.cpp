// Views and materialized views. A view is never altered in place: when its definition
// changes, or anything it reads is dropped or altered, it is dropped and created again.
#include <range/v3/range/conversion.hpp>
#include <set>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/names.hpp"

namespace recon::diff {
namespace {

std::string kind_word(const View& v) {
  return v.materialized ? "materialized view" : "view";
}

void create_view(Context& ctx, const View& v) {
  std::string sql = ddl::create_view(v);
  const std::string what = v.materialized ? "MATERIALIZED VIEW " : "VIEW ";
  if (v.comment) sql += "\n" + ddl::comment_on(what + quote_ident(v.name), v.comment);
  auto& c = ctx.emit(ChangeKind::create_view, kind_word(v) + " " + v.name,
                     "+ " + kind_word(v) + " " + v.name, sql);
  c.needs = keys::view_uses(v);
  c.creates.push_back(keys::rel(v.name));
  c.where = v.where;
  if (v.materialized) diff_indexes(ctx, v.name, {}, v.indexes, true);
}

void drop_view(Context& ctx, const View& v) {
  auto& c = ctx.emit(ChangeKind::drop_view, kind_word(v) + " " + v.name,
                     "- " + kind_word(v) + " " + v.name,
                     std::string("DROP ") + (v.materialized ? "MATERIALIZED VIEW " : "VIEW ") +
                         quote_ident(v.name) + ";");
  c.drops.push_back(keys::rel(v.name));
  c.uses_old = keys::view_uses(v);
}

bool reads_any(const View& v, const std::set<std::string>& dropped) {
  for (const auto& key : keys::view_uses(v)) {
    if (dropped.count(key)) return true;
  }
  return false;
}

std::set<std::string> dropped_keys(const Context& ctx) {
  std::set<std::string> out;
  for (const auto& change : ctx.changes) out.insert(change.drops.begin(), change.drops.end());
  return out;
}

// A materialized view that stored what a text search configuration returned before its
// mapping changed (diff_text_search.cpp) is computed again.
void refresh_remapped(Context& ctx, const View& v) {
  auto& c = ctx.emit(ChangeKind::alter_table, "materialized view " + v.name,
                     "~ materialized view " + v.name + ": refresh",
                     "REFRESH MATERIALIZED VIEW " + quote_ident(v.name) + ";");
  c.needs.push_back(keys::rel(v.name));
  for (const auto& configuration : v.text_search_configs)
    c.needs.push_back(keys::text_search_configuration(configuration));
  c.hazards.push_back({hazard::access_exclusive_lock,
                       "blocks reads of " + v.name +
                           " while it is computed again with the changed text search "
                           "configuration"});
}

bool same_view(const View& a, const View& b) {
  return a.definition == b.definition && a.materialized == b.materialized;
}

}  // namespace

void diff_views(Context& ctx) {
  const auto& from = ctx.from.views;
  const auto& to = ctx.to.views;
  auto rebuilt = names_only_in(from, to) | ranges::to<std::set<std::string>>();
  for (const auto& name : names_in_both(from, to))
    if (!same_view(from.at(name), to.at(name))) rebuilt.insert(name);
  // Views reading what other changes drop or alter are rebuilt too, transitively.
  for (bool grew = true; grew;) {
    grew = false;
    std::set<std::string> dropped = dropped_keys(ctx);
    for (const auto& name : rebuilt) dropped.insert(keys::rel(name));
    for (const auto& [name, before] : from) {
      if (!rebuilt.count(name) && reads_any(before, dropped)) grew = rebuilt.insert(name).second;
    }
  }
  for (const auto& name : rebuilt) drop_view(ctx, from.at(name));
  for (const auto& name : names_only_in(to, from)) create_view(ctx, to.at(name));
  for (const auto& name : names_in_both(from, to)) {
    const View& before = from.at(name);
    const View& after = to.at(name);
    if (rebuilt.count(name)) {
      create_view(ctx, after);
      continue;
    }
    if (before.materialized) diff_indexes(ctx, name, before.indexes, after.indexes, false);
    if (before.materialized && text_search_remapped(ctx, before.text_search_configs))
      refresh_remapped(ctx, after);
    if (before.comment != after.comment) {
      const std::string what = after.materialized ? "MATERIALIZED VIEW " : "VIEW ";
      auto& c = ctx.emit(ChangeKind::comment, kind_word(after) + " " + name,
                         "~ " + kind_word(after) + " " + name + ": comment",
                         ddl::comment_on(what + quote_ident(name), after.comment));
      c.needs.push_back(keys::rel(name));
    }
  }
}

}  // namespace recon::diff
