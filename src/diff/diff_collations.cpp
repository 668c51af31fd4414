// Collations. Postgres cannot alter one: a changed collation is dropped and created again,
// which it refuses while a column or index sorts by it.
#include "catalog/ddl.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/names.hpp"

namespace recon::diff {
namespace {

std::string comment_sql(const Collation& c) {
  return ddl::comment_on("COLLATION " + quote_ident(c.name), c.comment);
}

void create_collation(Context& ctx, const Collation& c) {
  std::string sql = ddl::create_collation(c);
  if (c.comment) sql += "\n" + comment_sql(c);
  auto& change =
      ctx.emit(ChangeKind::create_collation, "collation " + c.name, "+ collation " + c.name, sql);
  change.creates.push_back(keys::collation(c.name));
  change.where = c.where;
}

void drop_collation(Context& ctx, const Collation& c) {
  auto& change = ctx.emit(ChangeKind::drop_collation, "collation " + c.name,
                          "- collation " + c.name, "DROP COLLATION " + quote_ident(c.name) + ";");
  change.drops.push_back(keys::collation(c.name));
}

// The columns and indexes of `catalog` that sort by collation `name`.
std::vector<std::string> users_of(const Catalog& catalog, const std::string& name) {
  const std::string key = keys::collation(name);
  std::vector<std::string> out;
  for (const auto& [table, t] : catalog.tables) {
    for (const auto& column : t.columns)
      for (const auto& used : keys::column_uses(catalog, column))
        if (used == key) out.push_back("column " + table + "." + column.name);
    for (const auto& index : t.indexes)
      for (const auto& used : keys::index_uses(table, index))
        if (used == key) out.push_back("index " + index.name);
  }
  return out;
}

bool same_definition(Collation a, Collation b) {
  a.comment = b.comment = std::nullopt;
  return ddl::create_collation(a) == ddl::create_collation(b);
}

}  // namespace

void diff_collations(Context& ctx) {
  const auto& from = ctx.from.collations;
  const auto& to = ctx.to.collations;
  for (const auto& name : names_only_in(from, to)) drop_collation(ctx, from.at(name));
  for (const auto& name : names_only_in(to, from)) create_collation(ctx, to.at(name));
  std::vector<Diagnostic> refused;
  for (const auto& name : names_in_both(from, to)) {
    const Collation& old = from.at(name);
    const Collation& now = to.at(name);
    if (!same_definition(old, now)) {
      const auto users = users_of(ctx.from, name);
      if (users.empty()) {
        drop_collation(ctx, old);
        create_collation(ctx, now);
        continue;
      }
      std::string list;
      for (const auto& user : users) list += (list.empty() ? "" : ", ") + user;
      refused.push_back({now.where, "collation " + name +
                                        " changes, which Postgres cannot do while " + list +
                                        " sort by it: declare the new one under another name "
                                        "and move them to it"});
      continue;
    }
    if (old.comment != now.comment) {
      auto& c = ctx.emit(ChangeKind::comment, "collation " + name,
                         "~ collation " + name + ": comment", comment_sql(now));
      c.needs.push_back(keys::collation(name));
    }
  }
  if (!refused.empty()) throw InputError(std::move(refused));
}

}  // namespace recon::diff
