// Row-level security of a table: `row_security = true | "force"` and the policies under
// [tables.NAME.policies.POLICY].
#include <algorithm>

#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

// `roles = [...]`: absent is PUBLIC, as in Postgres. PUBLIC is every role, so it stands alone
// (Postgres would drop the others with a warning).
std::vector<std::string> read_policy_roles(const Fields& f) {
  const auto roles = f.strings("roles");
  if (!roles) return {"PUBLIC"};
  if (roles->empty()) {
    f.error(f.where("roles"), "'roles' " + f.context() +
                                  " is empty: leave it out for PUBLIC (every role), or name roles");
    return {"PUBLIC"};
  }
  std::vector<std::string> out;
  for (const auto& role : *roles) {
    const bool is_public = normalize_keyword(role.value) == "public";
    if (!is_public && !check_name(role.value, "role name", role.where, f.diagnostics())) continue;
    out.push_back(is_public ? "PUBLIC" : role.value);
  }
  if (out.size() > 1 && std::find(out.begin(), out.end(), "PUBLIC") != out.end())
    f.error(f.where("roles"), "'roles' " + f.context() +
                                  " names PUBLIC with other roles: PUBLIC is every role already, "
                                  "name it alone or leave it out");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Postgres's rules for which expressions a command takes: an INSERT has no old row to filter
// (USING), a SELECT or DELETE writes no new row to check (WITH CHECK).
void check_expressions(const Fields& f, const Policy& p) {
  if (p.command == "insert" && p.using_expr)
    f.error(f.where("using"), f.what() +
                                  " is for insert, which takes only 'with_check' (there is no "
                                  "existing row to filter): move the condition there");
  if ((p.command == "select" || p.command == "delete") && p.with_check)
    f.error(f.where("with_check"), f.what() + " is for " + p.command +
                                       ", which takes only 'using' (no new row is written)");
}

Policy read_policy(const Fields& f, const std::string& name) {
  Policy p;
  p.name = name;
  p.command = f.choice("command", {"all", "select", "insert", "update", "delete"}).value_or("all");
  p.permissive =
      f.choice("as", {"permissive", "restrictive"}).value_or("permissive") == "permissive";
  p.roles = read_policy_roles(f);
  p.using_expr = f.sql("using");
  p.with_check = f.sql("with_check");
  p.comment = f.comment();
  p.renamed_from = read_renamed_from(f);
  check_expressions(f, p);
  return p;
}

}  // namespace

void read_row_security(const Fields& table, Table& out) {
  const toml::node* node = table.get("row_security");
  if (!node) return;
  if (const auto* on = node->as_boolean()) {
    out.row_security = on->get();
    return;
  }
  if (!node->is_string()) {
    table.wrong_type("row_security", *node, "true, false or \"force\"");
    return;
  }
  if (table.choice("row_security", {"force"})) out.row_security = out.force_row_security = true;
}

void read_policies(const Fields& table, std::vector<Policy>& out) {
  for_each_named_table(
      table, "policies", "policy",
      [&](const toml::table& body, const std::string& name, const SourceLocation& where) {
        const Fields f(body, "policy '" + name + "' of " + table.what(), keys::policy, table.file(),
                       table.diagnostics());
        Policy p = read_policy(f, name);
        p.where = where;
        out.push_back(std::move(p));
      });
}

}  // namespace recon::declare
