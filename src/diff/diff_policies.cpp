// Row-level security: ENABLE / FORCE on a table, and its policies. Postgres alters a policy's
// roles, USING and WITH CHECK in place; its command or kind (permissive, restrictive) only by
// dropping and creating it again, which the revision's transaction keeps without a window.
// What lets roles reach rows they could not reach before carries the widens-access hazard.
#include <algorithm>
#include <set>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"

namespace recon::diff {
namespace {

std::string object_of(const std::string& table, const Policy& p) {
  return "policy " + table + "." + p.name;
}

// "select by todo_app to rows where (owner = CURRENT_USER)": what a policy lets through, for
// the reasons of hazards.
std::string scope_of(const Policy& p) {
  std::string out = (p.command == "all" ? std::string("every command") : p.command) + " by ";
  for (std::size_t i = 0; i < p.roles.size(); ++i) out += (i ? ", " : "") + p.roles[i];
  if (p.using_expr) out += " to rows where " + *p.using_expr;
  if (p.with_check)
    out += std::string(p.using_expr ? " and" : "") + " to new rows where " + *p.with_check;
  return out;
}

std::string comment_sql(const std::string& table, const Policy& p) {
  return ddl::comment_on("POLICY " + ddl::policy_target(table, p.name), p.comment);
}

void create_policy(Context& ctx, const std::string& table, const Policy& p) {
  std::string sql = ddl::create_policy(table, p);
  if (p.comment) sql += "\n" + comment_sql(table, p);
  auto& c =
      ctx.emit(ChangeKind::create_policy, object_of(table, p), "+ " + object_of(table, p), sql);
  c.needs = keys::policy_uses(table, p);
  c.creates.push_back(keys::policy(table, p.name));
  c.where = p.where;
}

// `table` is the name the table has before the plan: the drop runs before a rename of it.
Change& drop_policy(Context& ctx, const std::string& table, const Policy& p) {
  auto& c = ctx.emit(ChangeKind::drop_policy, object_of(table, p), "- " + object_of(table, p),
                     "DROP POLICY " + ddl::policy_target(table, p.name) + ";");
  c.uses_old = keys::policy_uses(table, p);
  c.drops.push_back(keys::policy(table, p.name));
  return c;
}

// The commands a policy applies to.
std::set<std::string> commands_of(const Policy& p) {
  if (p.command != "all") return {p.command};
  return {"select", "insert", "update", "delete"};
}

// Whether `wider` holds something `narrower` does not (PUBLIC holds every role).
template <typename Set>
bool adds_to(const Set& wider, const Set& narrower, bool narrower_is_all) {
  if (narrower_is_all) return false;
  return std::any_of(wider.begin(), wider.end(), [&](const auto& x) { return !narrower.count(x); });
}

bool is_public(const Policy& p) {
  return std::find(p.roles.begin(), p.roles.end(), "PUBLIC") != p.roles.end();
}

// Why `now` lets more through than `old`, or "" when it does not, as far as the kind, command
// and roles say (what an expression lets through, recon cannot compare). A permissive policy
// opens access to what it covers; a restrictive one closes what it does not let through.
std::string widening(const std::string& table, const Policy& old, const Policy& now) {
  const std::string what = "policy " + now.name + " on " + table;
  if (!old.permissive && now.permissive)
    return what +
           " becomes permissive: it no longer limits what other policies let through, "
           "and lets " +
           scope_of(now) + " through of its own";
  const std::set<std::string> old_roles(old.roles.begin(), old.roles.end());
  const std::set<std::string> new_roles(now.roles.begin(), now.roles.end());
  if (now.permissive) {
    if (adds_to(commands_of(now), commands_of(old), old.command == "all") ||
        adds_to(new_roles, old_roles, is_public(old)) || (is_public(now) && !is_public(old)))
      return what + " now lets " + scope_of(now) + " through (it let " + scope_of(old) +
             " through)";
    return "";
  }
  if (adds_to(commands_of(old), commands_of(now), now.command == "all") ||
      adds_to(old_roles, new_roles, is_public(now)) || (is_public(old) && !is_public(now)))
    return what + " now restricts only " + scope_of(now) + " (it restricted " + scope_of(old) + ")";
  return "";
}

// ALTER POLICY ... TO / USING / WITH CHECK, and its comment. An expression removed cannot be
// altered away: the caller rebuilds the policy then.
void alter_policy(Context& ctx, const std::string& table, const Policy& old, const Policy& now) {
  std::string clauses, parts;
  auto add = [&](const std::string& part, const std::string& clause) {
    parts += (parts.empty() ? "" : ", ") + part;
    clauses += "\n  " + clause;
  };
  if (old.roles != now.roles) add("roles", "TO " + ddl::policy_roles(now.roles));
  if (old.using_expr != now.using_expr) add("using", "USING (" + *now.using_expr + ")");
  if (old.with_check != now.with_check) add("with check", "WITH CHECK (" + *now.with_check + ")");
  if (!parts.empty()) {
    auto& c = ctx.emit(ChangeKind::alter_policy, object_of(table, now),
                       "~ " + object_of(table, now) + ": " + parts,
                       "ALTER POLICY " + ddl::policy_target(table, now.name) + clauses + ";");
    c.needs = keys::policy_uses(table, now);
    c.needs.push_back(keys::policy(table, now.name));
    c.where = now.where;
    if (auto reason = widening(table, old, now); !reason.empty())
      c.hazards.push_back({hazard::widens_access, reason});
  }
  if (old.comment != now.comment) {
    auto& c = ctx.emit(ChangeKind::comment, object_of(table, now),
                       "~ " + object_of(table, now) + ": comment", comment_sql(table, now));
    c.needs = {keys::rel(table), keys::policy(table, now.name)};
  }
}

void rename_policy(Context& ctx, const std::string& table, const Policy& old, const Policy& now) {
  auto& c = ctx.emit(ChangeKind::alter_policy, object_of(table, now),
                     "~ " + object_of(table, old) + ": rename to " + now.name,
                     "ALTER POLICY " + ddl::policy_target(table, old.name) + " RENAME TO " +
                         quote_ident(now.name) + ";");
  c.needs.push_back(keys::rel(table));
  c.creates.push_back(keys::policy(table, now.name));
  c.where = now.where;
}

const Policy* find_policy(const std::vector<Policy>& policies, const std::string& name) {
  const auto it = std::find_if(policies.begin(), policies.end(),
                               [&](const Policy& p) { return p.name == name; });
  return it == policies.end() ? nullptr : &*it;
}

// The policy `now` was before the plan: the one of its name, or the one it is renamed from.
const Policy* policy_before(const std::vector<Policy>& before, const std::vector<Policy>& after,
                            const Policy& now) {
  if (const Policy* old = find_policy(before, now.name)) return old;
  for (const auto& old_name : now.renamed_from)
    if (const Policy* old = find_policy(before, old_name); old && !find_policy(after, old_name))
      return old;
  return nullptr;
}

// Dropped and created again: its command or kind changed, an expression is taken away, or
// something it reads or calls is dropped (a column whose type changes, a routine replaced).
bool rebuilt(const std::set<std::string>& dropped, const std::string& table, const Policy& old,
             const Policy& now) {
  if (old.command != now.command || old.permissive != now.permissive) return true;
  if ((old.using_expr && !now.using_expr) || (old.with_check && !now.with_check)) return true;
  const auto uses = keys::policy_uses(table, old);
  return std::any_of(uses.begin() + 1, uses.end(),
                     [&](const std::string& key) { return dropped.count(key) > 0; });
}

std::string drop_reason(const std::string& table, const Policy& p) {
  return "drops " + std::string(p.permissive ? "" : "restrictive ") + "policy " + p.name + " on " +
         table + ", which applied to " + scope_of(p);
}

void diff_table_policies(Context& ctx, const std::set<std::string>& dropped,
                         const std::string& old_table, const Table* before, const Table& after) {
  const std::vector<Policy> none;
  const auto& old_policies = before ? before->policies : none;
  for (const auto& now : after.policies) {
    const Policy* old = policy_before(old_policies, after.policies, now);
    if (!old) {
      create_policy(ctx, after.name, now);
    } else if (rebuilt(dropped, old_table, *old, now)) {
      drop_policy(ctx, old_table, *old);
      create_policy(ctx, after.name, now);
      if (auto reason = widening(after.name, *old, now); !reason.empty())
        ctx.changes.back().hazards.push_back({hazard::widens_access, reason});
    } else {
      if (old->name != now.name) rename_policy(ctx, after.name, *old, now);
      alter_policy(ctx, after.name, *old, now);
    }
  }
  for (const auto& old : old_policies) {
    const bool kept =
        std::any_of(after.policies.begin(), after.policies.end(), [&](const Policy& now) {
          return policy_before(old_policies, after.policies, now) == &old;
        });
    if (kept) continue;
    auto& c = drop_policy(ctx, old_table, old);
    c.hazards.push_back({hazard::widens_access, drop_reason(old_table, old)});
  }
}

// ENABLE / DISABLE and FORCE / NO FORCE ROW LEVEL SECURITY, one step.
void diff_row_security(Context& ctx, const Table* before, const Table& after) {
  const bool was_on = before && before->row_security;
  const bool was_forced = before && before->force_row_security;
  std::string sql, words;
  auto add = [&](const std::string& action, const std::string& word) {
    sql += (sql.empty() ? "" : "\n") + ddl::row_security(after.name, action);
    words += (words.empty() ? "" : ", ") + word;
  };
  if (was_on != after.row_security)
    add(after.row_security ? "ENABLE" : "DISABLE", after.row_security ? "enable" : "disable");
  if (was_forced != after.force_row_security)
    add(after.force_row_security ? "FORCE" : "NO FORCE",
        after.force_row_security ? "force" : "no force");
  if (sql.empty()) return;
  const std::string object = "row level security on " + after.name;
  auto& c = ctx.emit(ChangeKind::alter_row_security, object, "~ " + object + ": " + words, sql);
  c.needs.push_back(keys::rel(after.name));
  c.where = after.where;
  if (was_on && !after.row_security)
    c.hazards.push_back({hazard::widens_access,
                         "disables row-level security on " + after.name +
                             ": its policies no longer apply, and every role with privileges "
                             "on it reaches every row"});
  else if (was_forced && !after.force_row_security)
    c.hazards.push_back({hazard::widens_access, "the owner of " + after.name +
                                                    " is no longer subject to its policies "
                                                    "(NO FORCE ROW LEVEL SECURITY)"});
}

}  // namespace

void diff_policies(Context& ctx) {
  const std::set<std::string> dropped = dropped_not_renamed(ctx);
  for (const auto& [name, after] : ctx.to.tables) {
    const Table* before = before_of(ctx.from.tables, ctx.to.tables, after);
    // The policies of a dropped (or recreated) table go with it.
    if (before && relation_dropped(ctx, before->name)) before = nullptr;
    diff_row_security(ctx, before, after);
    diff_table_policies(ctx, dropped, before ? before->name : name, before, after);
  }
}

}  // namespace recon::diff
