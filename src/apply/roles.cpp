#include "apply/roles.hpp"

#include <set>

#include "catalog/identifier.hpp"

namespace recon::apply {

std::optional<std::string> missing_roles(pqxx::connection& conn, const std::string& project,
                                         const std::vector<const Revision*>& revisions) {
  std::set<std::string> named;
  for (const Revision* r : revisions) named.insert(r->plan.roles.begin(), r->plan.roles.end());
  if (named.empty()) return std::nullopt;
  std::string list;
  for (const auto& role : named) list += (list.empty() ? "" : ", ") + quote_literal(role);
  pqxx::nontransaction txn(conn);
  for (const auto& row : txn.exec("SELECT rolname FROM pg_roles WHERE rolname IN (" + list + ")"))
    named.erase(row[0].as<std::string>());
  if (named.empty()) return std::nullopt;
  std::string names, sql;
  for (const auto& role : named) {
    names += (names.empty() ? "" : ", ") + role;
    sql += "\n  CREATE ROLE " + quote_ident(role) + " NOLOGIN;";
  }
  return "the pending revisions of " + project + " grant to or name roles that do not exist on " +
         "this server: " + names + ". Roles belong to the whole server, so no project creates " +
         "them; nothing was run. Create them first (as a role with CREATEROLE), for example:" +
         sql + "\n(LOGIN PASSWORD '...' instead of NOLOGIN for a role an application logs in as.)";
}

}  // namespace recon::apply
