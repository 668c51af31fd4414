// The roles a dev server must have for the declarations and revisions replayed on it.
#include "catalog/identifier.hpp"
#include "pg/connection_url.hpp"
#include "pg/dev_server.hpp"

namespace recon::pg {

void DevServer::need_roles(const std::set<std::string>& roles) {
  roles_needed_.insert(roles.begin(), roles.end());
}

void DevServer::create_needed_roles() {
  for (const auto& role : roles_needed_) {
    if (roles_made_.count(role)) continue;
    // Another plan may create it at the same moment: either error means it is there.
    const std::string body = "BEGIN CREATE ROLE " + quote_ident(role) +
                             " NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation "
                             "THEN NULL; END";
    try {
      admin_exec("DO " + quote_literal(body));
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot create role " + quote_ident(role) +
                               " on the dev server (a declaration's policy names it; roles are "
                               "cluster-wide, so planning needs it there too): " +
                               redact_in(e.what(), admin_url()));
    }
    roles_made_.insert(role);
  }
}

}  // namespace recon::pg
