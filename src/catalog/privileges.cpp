#include "catalog/privileges.hpp"

#include <algorithm>
#include <map>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"

namespace recon {
namespace {

const std::map<std::string, std::vector<std::string>>& kinds() {
  static const std::map<std::string, std::vector<std::string>> all = {
      {"schema", {"USAGE", "CREATE"}},
      {"table", {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}},
      {"column", {"SELECT", "INSERT", "UPDATE", "REFERENCES"}},
      {"sequence", {"USAGE", "SELECT", "UPDATE"}},
      {"function", {"EXECUTE"}},
      {"type", {"USAGE"}},
  };
  return all;
}

template <typename T>
void grant_on_each(const std::map<std::string, T>& objects, const std::string& on,
                   const DefaultPrivilege& d, std::vector<Grant>& out) {
  for (const auto& [name, object] : objects) {
    Grant g;
    g.on = on;
    g.object = name;
    g.role = d.role;
    g.privilege = d.privilege;
    g.grantable = d.grantable;
    g.where = d.where;
    out.push_back(std::move(g));
  }
}

}  // namespace

const std::vector<std::string>& privileges_of(const std::string& on, bool column) {
  static const std::vector<std::string> none;
  const auto found = kinds().find(column ? "column" : on);
  return found == kinds().end() ? none : found->second;
}

std::string object_kind_of(const std::string& default_privileges_on) {
  if (default_privileges_on == "tables") return "table";
  if (default_privileges_on == "sequences") return "sequence";
  if (default_privileges_on == "functions") return "function";
  if (default_privileges_on == "types") return "type";
  return "";
}

std::vector<Grant> implied_grants(const Catalog& catalog) {
  std::vector<Grant> out;
  for (const auto& d : catalog.default_privileges) {
    const std::string on = object_kind_of(d.on);
    if (on == "table") {
      grant_on_each(catalog.tables, on, d, out);
      grant_on_each(catalog.views, on, d, out);
    } else if (on == "sequence") {
      grant_on_each(catalog.sequences, on, d, out);
    } else if (on == "function") {
      grant_on_each(catalog.routines, on, d, out);
    } else if (on == "type") {
      grant_on_each(catalog.enums, on, d, out);
      grant_on_each(catalog.domains, on, d, out);
      grant_on_each(catalog.composites, on, d, out);
      grant_on_each(catalog.ranges, on, d, out);
    }
  }
  return out;
}

void add_implied_grants(Catalog& catalog) {
  auto implied = implied_grants(catalog);
  catalog.grants.insert(catalog.grants.end(), implied.begin(), implied.end());
  std::sort(catalog.grants.begin(), catalog.grants.end());
  catalog.grants.erase(std::unique(catalog.grants.begin(), catalog.grants.end()),
                       catalog.grants.end());
}

std::string grant_object(const Grant& g) {
  if (g.on == "schema") return "schema";
  if (!g.column.empty()) return "column " + g.object + "." + g.column;
  return g.on + " " + g.object;
}

std::string role_sql(const std::string& role) {
  return role == "PUBLIC" ? "PUBLIC" : quote_ident(role);
}

std::string grant_sql(const Grant& g, const std::string& object_sql) {
  const std::string columns = g.column.empty() ? "" : " (" + quote_ident(g.column) + ")";
  return "GRANT " + g.privilege + columns + " ON " + object_sql + " TO " + role_sql(g.role) +
         (g.grantable ? " WITH GRANT OPTION" : "") + ";";
}

std::string revoke_sql(const Grant& g, const std::string& object_sql) {
  const std::string columns = g.column.empty() ? "" : " (" + quote_ident(g.column) + ")";
  return "REVOKE " + g.privilege + columns + " ON " + object_sql + " FROM " + role_sql(g.role) +
         ";";
}

std::string default_privilege_sql(const DefaultPrivilege& d, const std::string& schema,
                                  bool grant) {
  std::string sql = "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote_ident(d.for_role) + " IN SCHEMA " +
                    quote_ident(schema) + (grant ? " GRANT " : " REVOKE ") + d.privilege + " ON " +
                    ddl::upper(d.on) + (grant ? " TO " : " FROM ") + role_sql(d.role);
  if (grant && d.grantable) sql += " WITH GRANT OPTION";
  return sql + ";";
}

std::vector<std::string> required_roles(const Catalog& catalog) {
  std::vector<std::string> out;
  for (const auto& g : catalog.grants) out.push_back(g.role);
  for (const auto& [name, table] : catalog.tables)
    for (const auto& policy : table.policies)
      out.insert(out.end(), policy.roles.begin(), policy.roles.end());
  for (const auto& d : catalog.default_privileges) {
    out.push_back(d.for_role);
    out.push_back(d.role);
  }
  std::erase(out, std::string("PUBLIC"));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace recon
