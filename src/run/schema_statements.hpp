// The statements about the revision's own schema: the search path every step runs under, and
// the "CREATE SCHEMA IF NOT EXISTS" a first revision starts with.
//
// Revisions are written relative to their schema: every step runs with the search path set to
// the schema first (SET LOCAL inside a transaction, SET for a step that runs outside one). The
// file's own preamble (CREATE SCHEMA / SET search_path, there for psql -f) is never run.
#pragma once

#include <string>

#include <pqxx/pqxx>

namespace recon::run {

// "SET LOCAL search_path TO "00_personal_todo"" (local = false: a plain SET, for a session
// without a transaction block). No trailing ';'.
std::string search_path_sql(const std::string& schema, bool local = true);

// True when `sql` is the revision's "CREATE SCHEMA IF NOT EXISTS <schema>;".
bool creates_schema(const std::string& schema, const std::string& sql);

// True when `sql` creates the schema (creates_schema) and the schema exists: the statement
// would do nothing, but Postgres checks the database's CREATE privilege before it looks whether
// the schema exists, so a role that owns only its schema could not run it. The runner skips
// such a statement.
bool creates_existing_schema(pqxx::transaction_base& txn, const std::string& schema,
                             const std::string& sql);

}  // namespace recon::run
