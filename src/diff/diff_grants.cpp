// Privileges: grants and revokes (Catalog::grants) and default privileges, for a project that
// governs them. A grant follows the object it is on; an object the plan drops takes its
// privileges with it (no revoke), and one it drops and creates again gets them all again.
// Revokes run before grants: revoking a table-wide privilege takes the column privileges of
// that kind with it. Both run in the revision's transaction, so that no other session sees a
// role between the two (moved from a table-wide privilege to a column's, say).
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "catalog/privileges.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"

namespace recon::diff {
namespace {

// A grant without its grant option: what is granted, to whom.
using Held = std::tuple<std::string, std::string, std::string, std::string, std::string, bool>;
Held held(const Grant& g) {
  return {g.on, g.object, g.column, g.role, g.privilege, g.revoked};
}

std::string object_key(const Grant& g) {
  if (g.on == "schema") return "schema";
  if (g.on == "function") return keys::routine(g.object);
  if (g.on == "type") return keys::type(g.object);
  if (!g.column.empty()) return keys::col(g.object, g.column);
  return keys::rel(g.object);
}

// The object as GRANT names it.
std::string object_sql(const Context& ctx, const Grant& g) {
  if (g.on == "schema") return "SCHEMA " + quote_ident(ctx.to.schema);
  if (g.on == "sequence") return "SEQUENCE " + quote_ident(g.object);
  if (g.on == "type")
    return (ctx.to.domains.count(g.object) || ctx.from.domains.count(g.object) ? "DOMAIN "
                                                                               : "TYPE ") +
           quote_ident(g.object);
  if (g.on == "function") {
    for (const Catalog* c : {&ctx.to, &ctx.from}) {
      const auto routine = c->routines.find(g.object);
      if (routine != c->routines.end()) return ddl::routine_reference(g.object, routine->second);
    }
    return "FUNCTION " + g.object;  // not reached: grants are on declared routines
  }
  return "TABLE " + quote_ident(g.object);
}

// "select on orders", "select (total) on orders", "execute on function f(integer)".
std::string described(const Grant& g) {
  std::string out = ddl::lower(g.privilege);
  if (!g.column.empty()) out += " (" + g.column + ")";
  if (g.on == "schema") return out + " on schema";
  return out + " on " + (g.on == "table" ? "" : g.on + " ") + g.object;
}

std::string grantee(const Grant& g) {
  return g.role == "PUBLIC" ? "public" : g.role;
}

// The old state's grants as the new names see them: a renamed table or column keeps its
// privileges.
std::vector<Grant> renamed_grants(const Context& ctx) {
  std::map<std::string, std::string> tables;
  std::map<std::pair<std::string, std::string>, std::string> columns;
  for (const auto& [name, t] : ctx.to.tables) {
    for (const auto& old : t.renamed_from)
      if (ctx.from.tables.count(old) && !ctx.to.tables.count(old)) tables[old] = name;
    for (const auto& column : t.columns)
      for (const auto& old : column.renamed_from) columns[{name, old}] = column.name;
  }
  std::vector<Grant> out = ctx.from.grants;
  for (auto& g : out) {
    if (g.on != "table") continue;
    if (const auto found = tables.find(g.object); found != tables.end()) g.object = found->second;
    if (const auto found = columns.find({g.object, g.column}); found != columns.end())
      g.column = found->second;
  }
  return out;
}

bool goes_with_its_object(const Grant& g, const std::set<std::string>& dropped) {
  return dropped.count(object_key(g)) || (!g.column.empty() && dropped.count(keys::rel(g.object)));
}

Change& emit_privilege(Context& ctx, const Grant& g, bool grant, const std::string& sql) {
  const std::string summary = std::string(grant ? "+ grant " : "- grant ") + described(g) + " to " +
                              grantee(g) + (g.revoked ? " (Postgres's default)" : "");
  auto& c = ctx.emit(grant ? ChangeKind::grant : ChangeKind::revoke,
                     "privileges on " + grant_object(g), summary, sql);
  c.needs.push_back(object_key(g));
  if (!g.column.empty()) c.needs.push_back(keys::rel(g.object));
  c.where = g.where;
  if (grant && g.role == "PUBLIC")
    c.hazards.push_back(
        {hazard::widens_access, "every role, present and future, gets " + described(g)});
  return c;
}

// A grant that appears: granted, or for PUBLIC's default taken away, revoked.
void grant(Context& ctx, const Grant& g) {
  const std::string object = object_sql(ctx, g);
  if (g.revoked)
    emit_privilege(ctx, g, false, revoke_sql(g, object));
  else
    emit_privilege(ctx, g, true, grant_sql(g, object));
}

// A grant that disappears: revoked, or for PUBLIC's default taken away, given back.
void revoke(Context& ctx, Grant g) {
  const std::string object = object_sql(ctx, g);
  if (g.revoked) {
    g.revoked = false;
    emit_privilege(ctx, g, true, grant_sql(g, object)).summary += " (Postgres's default)";
  } else {
    emit_privilege(ctx, g, false, revoke_sql(g, object));
  }
}

// The grant option alone changes.
void change_grant_option(Context& ctx, const Grant& g) {
  const std::string object = object_sql(ctx, g);
  const std::string sql = g.grantable
                              ? grant_sql(g, object)
                              : "REVOKE GRANT OPTION FOR " + revoke_sql(g, object).substr(7);
  auto& c = emit_privilege(ctx, g, g.grantable, sql);
  c.summary = "~ grant " + described(g) + " to " + grantee(g) +
              (g.grantable ? ": with grant option" : ": without grant option");
}

void diff_default_privileges(Context& ctx) {
  const auto& from = ctx.from.default_privileges;
  const auto& to = ctx.to.default_privileges;
  const auto describe = [](const DefaultPrivilege& d) {
    return ddl::lower(d.privilege) + " on new " + d.on + " of " + d.for_role + " to " +
           (d.role == "PUBLIC" ? "public" : d.role) + (d.grantable ? " with grant option" : "");
  };
  for (const auto& d : from) {
    if (std::find(to.begin(), to.end(), d) != to.end()) continue;
    auto& c = ctx.emit(ChangeKind::alter_default_privileges, "default privileges",
                       "- default privilege " + describe(d),
                       default_privilege_sql(d, ctx.to.schema, false));
    c.where = d.where;
  }
  for (const auto& d : to) {
    if (std::find(from.begin(), from.end(), d) != from.end()) continue;
    auto& c = ctx.emit(ChangeKind::alter_default_privileges, "default privileges",
                       "+ default privilege " + describe(d),
                       default_privilege_sql(d, ctx.to.schema, true));
    c.where = d.where;
    if (d.role == "PUBLIC")
      c.hazards.push_back({hazard::widens_access, "every role gets " + describe(d)});
  }
}

}  // namespace

void diff_grants(Context& ctx) {
  // A project that stops declaring privileges leaves them as they are.
  if (!ctx.to.manages_privileges) return;
  diff_default_privileges(ctx);
  const std::set<std::string> dropped = dropped_not_renamed(ctx);
  std::map<Held, const Grant*> before;
  const std::vector<Grant> old = renamed_grants(ctx);
  for (const auto& g : old)
    if (!goes_with_its_object(g, dropped)) before.emplace(held(g), &g);
  std::set<Held> after;
  for (const auto& g : ctx.to.grants) {
    after.insert(held(g));
    const auto found = before.find(held(g));
    if (found == before.end())
      grant(ctx, g);
    else if (found->second->grantable != g.grantable)
      change_grant_option(ctx, g);
  }
  for (const auto& [key, g] : before)
    if (!after.count(key)) revoke(ctx, *g);
}

}  // namespace recon::diff
