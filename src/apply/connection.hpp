// The connections apply, status and history open to the target database.
#pragma once

#include <memory>
#include <string>

#include <pqxx/pqxx>

namespace recon::apply {

// Connects to `url` ("" lets libpq read its PG* variables) and names the session
// `application_name` (what pg_stat_activity, and a waiting recon, show). Errors are thrown as
// they come: callers redact the URL's password from their messages (pg::redact_in).
std::unique_ptr<pqxx::connection> connect(const std::string& url,
                                          const std::string& application_name);

// SET application_name TO '...'
std::string application_name_sql(const std::string& application_name);

}  // namespace recon::apply
