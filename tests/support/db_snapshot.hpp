#pragma once

// "The database is unchanged", checked two ways: pg_dump --schema-only (what the issue asks
// for: every object and privilege, ~100 ms a run) around a group of cases, and a catalog digest
// (one query, ~1 ms) after each case, so that a change is pinned on the case that made it.

#include <string>

#include <pqxx/pqxx>

namespace recon::testing {

// pg_dump --schema-only of the database at `url` (of its schema `schema` only, when given);
// throws when pg_dump fails.
std::string schema_dump(const std::string& url, const std::string& schema = "");

// A digest of every schema, relation, column, default, constraint, index, type, enum label,
// comment and privilege outside the system schemas, and of the rows of every recon_revisions.
std::string catalog_digest(pqxx::connection& conn);

}  // namespace recon::testing
