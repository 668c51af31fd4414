// Schema per tenant: one project's revisions applied to many schemas of one database, each
// schema with its own version table and lock, over N connections at once. Revisions are
// written relative to their schema, so the same files serve every tenant; only the steps that
// name the schema itself (CREATE SCHEMA, COMMENT ON SCHEMA) are pointed at the tenant's.
// A failure stays in its schema: the others go on, and the caller gets every outcome.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "apply/apply.hpp"

namespace recon::apply {

// The schemas a --schemas value names: a LIKE pattern when it holds % (where _ also matches any
// one character; matched against the database's schemas, sorted), else a comma-separated list.
// Throws InputError for an empty list or a pattern that matches nothing.
std::vector<std::string> resolve_tenants(pqxx::connection& conn, const std::string& spec);

// `project` as applied to `schema`: the same revisions, the schema's own steps retargeted.
// Throws InputError when the project cannot serve several schemas (it installs extensions,
// which exist once per database).
Project for_tenant(const Project& project, const std::string& schema);

struct TenantOutcome {
  std::string schema;
  Result result;
  std::string error;  // empty: applied (or already up to date)
  int kind = 0;       // 0 ok, 3 invalid input, 4 refused, 1 failed, 128 + signal interrupted
                      // (cli/exit_codes.hpp)
};

// Applies `project` to each schema, `jobs` at a time. `report` is called once per schema as it
// finishes, from the worker threads, one call at a time.
std::vector<TenantOutcome> apply_tenants(const std::string& url, const Project& project,
                                         const std::vector<std::string>& schemas,
                                         const Options& options, int jobs,
                                         const std::function<void(const TenantOutcome&)>& report);

}  // namespace recon::apply
