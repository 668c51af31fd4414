// Row-level security: the table's flags and its policies.
#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "catalog/privileges.hpp"

namespace recon::ddl {

std::string policy_roles(const std::vector<std::string>& roles) {
  std::string out;
  for (const auto& role : roles) out += (out.empty() ? "" : ", ") + role_sql(role);
  return out.empty() ? "PUBLIC" : out;
}

std::string policy_target(const std::string& table, const std::string& name) {
  return quote_ident(name) + " ON " + quote_ident(table);
}

std::string create_policy(const std::string& table, const Policy& p) {
  std::string sql = "CREATE POLICY " + policy_target(table, p.name);
  if (!p.permissive) sql += " AS RESTRICTIVE";
  if (p.command != "all") sql += " FOR " + upper(p.command);
  sql += "\n  TO " + policy_roles(p.roles);
  if (p.using_expr) sql += "\n  USING (" + *p.using_expr + ")";
  if (p.with_check) sql += "\n  WITH CHECK (" + *p.with_check + ")";
  return sql + ";";
}

// ALTER TABLE t ENABLE | DISABLE | FORCE | NO FORCE ROW LEVEL SECURITY.
std::string row_security(const std::string& table, const std::string& action) {
  return "ALTER TABLE " + quote_ident(table) + " " + action + " ROW LEVEL SECURITY;";
}

}  // namespace recon::ddl
