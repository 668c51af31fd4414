// The introspect stage: a live PostgreSQL schema read into a Catalog.
//
// Reading costs a fixed number of bulk catalog queries (one per object kind, all schemas at once),
// whatever the number of tables, run in one read-only REPEATABLE READ transaction so that they
// all see the same state. Expressions, types and view definitions are printed with the schema as
// the search path: the project's own objects print unqualified, everything else qualified.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "catalog/catalog.hpp"

namespace recon::introspect {

struct Options {
  // Relations the project leaves alone (alembic_version, ...): they are left out with their
  // columns, constraints, indexes, triggers and the sequences they own. recon's own version
  // table `recon_revisions` is always left out.
  std::vector<std::string> ignored;
  // Read the grants and default privileges too (Catalog::manages_privileges).
  bool privileges = false;
};

// The options that read a project's schema as its declaration governs it.
Options options_for(const Catalog& declared);

struct Stats {
  int queries = 0;  // catalog queries sent (the SET LOCAL of the search path is not one)
};

// The catalog of `schema`; an empty Catalog (with `schema` set) when the schema does not exist.
// Throws pqxx errors as they come (lost connection, missing privileges, ...).
Catalog introspect_schema(pqxx::connection& conn, const std::string& schema,
                          const Options& options = {}, Stats* stats = nullptr);

// The catalogs of several schemas (schema per tenant) with the same number of queries as one.
// Every requested schema has an entry; schemas that do not exist give an empty Catalog.
std::map<std::string, Catalog> introspect_schemas(pqxx::connection& conn,
                                                  const std::vector<std::string>& schemas,
                                                  const Options& options = {},
                                                  Stats* stats = nullptr);

// The same inside a transaction the caller already has open (e.g. apply, which reads the live
// schema under its lock): nothing is committed; for the rest of that transaction the search
// path is the schema's (one schema), JIT and parallel query are off (all SET LOCAL).
std::map<std::string, Catalog> introspect_schemas_in(pqxx::transaction_base& txn,
                                                     const std::vector<std::string>& schemas,
                                                     const Options& options = {},
                                                     Stats* stats = nullptr);
Catalog introspect_schema_in(pqxx::transaction_base& txn, const std::string& schema,
                             const Options& options = {}, Stats* stats = nullptr);

}  // namespace recon::introspect
