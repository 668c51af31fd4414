// Text search dictionaries and configurations. A dictionary's options and a configuration's
// mapping change in place; a dictionary whose template changes is dropped and created again
// (the mappings that name it let go of it meanwhile); a configuration whose parser changes is
// too, which Postgres refuses while something uses it.
//
// What a configuration returns changes with its mapping and its dictionaries, but Postgres does
// not recompute what it stored with the old one: the indexes that use the configuration are
// rebuilt (diff_indexes), and the stored generated columns recomputed by an UPDATE.
#include <algorithm>
#include <map>
#include <set>

#include "catalog/ddl.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/names.hpp"

namespace recon::diff {
namespace {

using Mapping = std::map<std::string, std::vector<std::string>>;

std::string dictionary_sql(const std::string& name) {
  return "TEXT SEARCH DICTIONARY " + quote_ident(name);
}
std::string configuration_sql(const std::string& name) {
  return "TEXT SEARCH CONFIGURATION " + quote_ident(name);
}

void create_dictionary(Context& ctx, const TextSearchDictionary& d) {
  std::string sql = ddl::create_text_search_dictionary(d);
  if (d.comment) sql += "\n" + ddl::comment_on(dictionary_sql(d.name), d.comment);
  auto& c = ctx.emit(ChangeKind::create_text_search_dictionary, "text search dictionary " + d.name,
                     "+ text search dictionary " + d.name, sql);
  c.creates.push_back(keys::text_search_dictionary(d.name));
  c.where = d.where;
}

void drop_dictionary(Context& ctx, const TextSearchDictionary& d) {
  auto& c = ctx.emit(ChangeKind::drop_text_search_dictionary, "text search dictionary " + d.name,
                     "- text search dictionary " + d.name, "DROP " + dictionary_sql(d.name) + ";");
  c.drops.push_back(keys::text_search_dictionary(d.name));
}

// The configurations of `catalog` whose mapping names dictionary `name`.
std::vector<std::string> mapping_dictionary(const Catalog& catalog, const std::string& name) {
  const std::string key = keys::text_search_dictionary(name);
  std::vector<std::string> out;
  for (const auto& [configuration, c] : catalog.text_search_configurations)
    for (const auto& used : keys::mapping_uses(catalog, c))
      if (used == key) {
        out.push_back(configuration);
        break;
      }
  return out;
}

// ALTER TEXT SEARCH DICTIONARY d (changed = 'value', removed): an option named without a value
// is removed.
void alter_options(Context& ctx, const TextSearchDictionary& old, const TextSearchDictionary& now) {
  std::map<std::string, std::string> set;
  std::string removed;
  for (const auto& [name, value] : now.options) {
    const auto before = old.options.find(name);
    if (before == old.options.end() || before->second != value) set.emplace(name, value);
  }
  for (const auto& [name, value] : old.options)
    if (!now.options.count(name)) removed += ", " + quote_ident(name);
  std::string list = ddl::text_search_options(set) + removed;
  if (set.empty()) list.erase(0, 2);
  auto& c = ctx.emit(ChangeKind::alter_text_search_dictionary, "text search dictionary " + now.name,
                     "~ text search dictionary " + now.name + ": options",
                     "ALTER " + dictionary_sql(now.name) + " (" + list + ");");
  c.needs.push_back(keys::text_search_dictionary(now.name));
  c.where = now.where;
  // What the configurations that map it return changes here: their users are rebuilt after.
  for (const auto& configuration : mapping_dictionary(ctx.to, now.name))
    c.creates.push_back(keys::text_search_configuration(configuration));
}

void create_configuration(Context& ctx, const TextSearchConfiguration& t) {
  std::string sql = ddl::create_text_search_configuration(t);
  if (t.comment) sql += "\n" + ddl::comment_on(configuration_sql(t.name), t.comment);
  auto& c =
      ctx.emit(ChangeKind::create_text_search_configuration, "text search configuration " + t.name,
               "+ text search configuration " + t.name, sql);
  c.creates.push_back(keys::text_search_configuration(t.name));
  c.needs = keys::mapping_uses(ctx.to, t);
  c.where = t.where;
}

void drop_configuration(Context& ctx, const TextSearchConfiguration& t) {
  auto& c =
      ctx.emit(ChangeKind::drop_text_search_configuration, "text search configuration " + t.name,
               "- text search configuration " + t.name, "DROP " + configuration_sql(t.name) + ";");
  c.drops.push_back(keys::text_search_configuration(t.name));
  c.uses_old = keys::mapping_uses(ctx.from, t);
}

// What in `catalog` uses configuration `name`: columns, checks, indexes, views.
std::vector<std::string> users_of(const Catalog& catalog, const std::string& name) {
  const auto uses = [&](const std::vector<std::string>& configurations) {
    return std::find(configurations.begin(), configurations.end(), name) != configurations.end();
  };
  std::vector<std::string> out;
  for (const auto& [table, t] : catalog.tables) {
    for (const auto& column : t.columns)
      if (uses(column.text_search_configs)) out.push_back("column " + table + "." + column.name);
    for (const auto& k : t.constraints)
      if (uses(k.text_search_configs)) out.push_back("constraint " + table + "." + k.name);
    for (const auto& index : t.indexes)
      if (uses(index.text_search_configs)) out.push_back("index " + index.name);
  }
  for (const auto& [view, v] : catalog.views) {
    if (uses(v.text_search_configs)) out.push_back("view " + view);
    for (const auto& index : v.indexes)
      if (uses(index.text_search_configs)) out.push_back("index " + index.name);
  }
  return out;
}

// Whether a mapping's dictionaries (named as Postgres prints them) hold one of `names`.
bool names_any(const std::vector<std::string>& dictionaries, const std::set<std::string>& names) {
  for (const auto& name : names)
    if (std::find(dictionaries.begin(), dictionaries.end(), quote_ident(name)) !=
        dictionaries.end())
      return true;
  return false;
}

bool maps_any(const TextSearchConfiguration& c, const std::set<std::string>& names) {
  for (const auto& [token, dictionaries] : c.mapping)
    if (names_any(dictionaries, names)) return true;
  return false;
}

// A mapping changed in place: token types let go first (those removed, and those naming a
// dictionary that is dropped and created again), then those added or changed. The
// configuration exists before and after (no change creates it); both steps "create" its key so
// that its users are rebuilt after them.
void alter_mapping(Context& ctx, const TextSearchConfiguration& old,
                   const TextSearchConfiguration& now, const std::set<std::string>& rebuilt) {
  Mapping detached, added, altered;
  for (const auto& [token, dictionaries] : old.mapping) {
    const auto after = now.mapping.find(token);
    if (after == now.mapping.end() || names_any(dictionaries, rebuilt))
      detached.emplace(token, dictionaries);
  }
  for (const auto& [token, dictionaries] : now.mapping) {
    const auto before = old.mapping.find(token);
    if (before == old.mapping.end() || detached.count(token))
      added.emplace(token, dictionaries);
    else if (before->second != dictionaries)
      altered.emplace(token, dictionaries);
  }
  const std::string object = "text search configuration " + now.name;
  const auto key = keys::text_search_configuration(now.name);
  if (!detached.empty()) {
    TextSearchConfiguration before = old;
    before.mapping = detached;
    std::string tokens;
    for (const auto& [token, _] : detached) tokens += (tokens.empty() ? "" : ", ") + token;
    auto& c = ctx.emit(ChangeKind::alter_text_search_configuration, object,
                       "~ " + object + ": drop mapping for " + tokens,
                       ddl::text_search_mapping(now.name, "DROP", detached));
    c.uses_old = keys::mapping_uses(ctx.from, before);
    c.creates.push_back(key);  // its users are rebuilt after (see the top of the file)
  }
  if (added.empty() && altered.empty()) return;
  std::string sql = ddl::text_search_mapping(now.name, "ADD", added);
  const std::string alter = ddl::text_search_mapping(now.name, "ALTER", altered);
  sql += (sql.empty() || alter.empty() ? "" : "\n") + alter;
  Mapping changed = added;
  changed.insert(altered.begin(), altered.end());
  std::string tokens;
  for (const auto& [token, _] : changed) tokens += (tokens.empty() ? "" : ", ") + token;
  auto& c = ctx.emit(ChangeKind::alter_text_search_configuration, object,
                     "~ " + object + ": mapping for " + tokens, sql);
  TextSearchConfiguration after = now;
  after.mapping = changed;
  c.needs = keys::mapping_uses(ctx.to, after);
  TextSearchConfiguration before = old;
  before.mapping.clear();
  for (const auto& [token, _] : altered) before.mapping.emplace(token, old.mapping.at(token));
  c.uses_old = keys::mapping_uses(ctx.from, before);
  c.creates.push_back(key);
  c.where = now.where;
}

// Stored generated columns that use a remapped configuration keep what the old one returned:
// an UPDATE that sets the table's plain columns to themselves computes them again.
void recompute_generated_columns(Context& ctx) {
  for (const auto& [name, after] : ctx.to.tables) {
    const auto found = ctx.from.tables.find(name);
    if (found == ctx.from.tables.end() || after.partition_of) continue;
    std::vector<std::string> stale, configurations;
    for (const auto& column : after.columns) {
      if (!column.generated) continue;
      for (const auto& before : found->second.columns) {
        if (before.name != column.name || before.generated != column.generated) continue;
        for (const auto& configuration : before.text_search_configs)
          if (ctx.remapped_configurations.count(configuration)) {
            stale.push_back(column.name);
            configurations.push_back(configuration);
            break;
          }
      }
    }
    if (stale.empty()) continue;
    // Only columns the table has before and after the plan: one it adds, drops or renames may
    // not be there when the UPDATE runs.
    std::string assignments;
    for (const auto& column : found->second.columns)
      if (!column.generated && column.identity != Identity::always &&
          std::any_of(after.columns.begin(), after.columns.end(),
                      [&](const Column& c) { return c.name == column.name && !c.generated; }))
        assignments += (assignments.empty() ? "" : ", ") + quote_ident(column.name) + " = " +
                       quote_ident(column.name);
    if (assignments.empty()) continue;
    std::string columns;
    for (const auto& column : stale) columns += (columns.empty() ? "" : ", ") + column;
    auto& c = ctx.emit(ChangeKind::alter_table, "table " + name,
                       "~ table " + name + ": recompute " + columns,
                       "UPDATE " + quote_ident(name) + " SET " + assignments + ";");
    c.needs.push_back(keys::rel(name));
    for (const auto& column : stale) c.needs.push_back(keys::col(name, column));
    for (const auto& configuration : configurations)
      c.needs.push_back(keys::text_search_configuration(configuration));
    c.hazards.push_back(
        {hazard::table_rewrite, "updates every row of " + name + " to recompute " + columns +
                                    " with the changed text search configuration (UPDATE triggers "
                                    "fire)"});
  }
}

void diff_dictionaries(Context& ctx, std::set<std::string>& rebuilt,
                       std::set<std::string>& altered) {
  const auto& from = ctx.from.text_search_dictionaries;
  const auto& to = ctx.to.text_search_dictionaries;
  for (const auto& name : names_only_in(from, to)) drop_dictionary(ctx, from.at(name));
  for (const auto& name : names_only_in(to, from)) create_dictionary(ctx, to.at(name));
  for (const auto& name : names_in_both(from, to)) {
    const auto& old = from.at(name);
    const auto& now = to.at(name);
    if (old.template_name != now.template_name) {
      rebuilt.insert(name);
      drop_dictionary(ctx, old);
      create_dictionary(ctx, now);
      continue;
    }
    if (old.options != now.options) {
      altered.insert(name);
      alter_options(ctx, old, now);
    }
    if (old.comment != now.comment) {
      auto& c = ctx.emit(ChangeKind::comment, "text search dictionary " + name,
                         "~ text search dictionary " + name + ": comment",
                         ddl::comment_on(dictionary_sql(name), now.comment));
      c.needs.push_back(keys::text_search_dictionary(name));
    }
  }
}

}  // namespace

void diff_text_search(Context& ctx) {
  std::set<std::string> rebuilt, altered;  // dictionaries
  diff_dictionaries(ctx, rebuilt, altered);
  const auto& from = ctx.from.text_search_configurations;
  const auto& to = ctx.to.text_search_configurations;
  for (const auto& name : names_only_in(from, to)) drop_configuration(ctx, from.at(name));
  for (const auto& name : names_only_in(to, from)) create_configuration(ctx, to.at(name));
  std::vector<Diagnostic> refused;
  for (const auto& name : names_in_both(from, to)) {
    const auto& old = from.at(name);
    const auto& now = to.at(name);
    if (old.parser != now.parser) {
      const auto users = users_of(ctx.from, name);
      if (users.empty()) {
        drop_configuration(ctx, old);
        create_configuration(ctx, now);
        continue;
      }
      std::string list;
      for (const auto& user : users) list += (list.empty() ? "" : ", ") + user;
      refused.push_back({now.where, "text search configuration " + name +
                                        " changes its parser, which Postgres cannot do while " +
                                        list +
                                        " use it: declare the new one under another "
                                        "name and move them to it"});
      continue;
    }
    if (old.mapping != now.mapping || maps_any(now, rebuilt) || maps_any(now, altered))
      ctx.remapped_configurations.insert(name);
    if (old.mapping != now.mapping || maps_any(old, rebuilt)) alter_mapping(ctx, old, now, rebuilt);
    if (old.comment != now.comment) {
      auto& c = ctx.emit(ChangeKind::comment, "text search configuration " + name,
                         "~ text search configuration " + name + ": comment",
                         ddl::comment_on(configuration_sql(name), now.comment));
      c.needs.push_back(keys::text_search_configuration(name));
    }
  }
  if (!refused.empty()) throw InputError(std::move(refused));
  recompute_generated_columns(ctx);
}

bool text_search_remapped(const Context& ctx, const std::vector<std::string>& configurations) {
  for (const auto& name : configurations)
    if (ctx.remapped_configurations.count(name)) return true;
  return false;
}

}  // namespace recon::diff
