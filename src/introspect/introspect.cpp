#include "introspect/introspect.hpp"

#include "catalog/fingerprint.hpp"
#include "introspect/loaders.hpp"
#include "run/schema_statements.hpp"

namespace recon::introspect {
namespace {

// REPEATABLE READ: every query of the session sees the same snapshot, so a table created
// between two queries cannot show up with indexes but without columns.
using Snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

constexpr const char* kVersionTable = "recon_revisions";

}  // namespace

namespace detail {

void load_all(Session& session) {
  // Relations first: the loaders of their parts attach to them by name.
  load_relations(session);
  load_columns(session);
  load_constraints(session);
  load_indexes(session);
  load_partition_index_names(session);
  load_enums(session);
  load_domains(session);
  load_domain_checks(session);
  load_composites(session);
  load_ranges(session);
  load_sequences(session);
  load_routines(session);
  load_aggregates(session);
  load_collations(session);
  load_text_search(session);
  load_view_dependencies(session);  // after the routines: those the catalog has are not unmanaged
  load_routine_calls(session);
  load_triggers(session);
  load_policies(session);
  load_unsupported(session);
}

}  // namespace detail

Options options_for(const Catalog& declared) {
  Options options;
  options.ignored = declared.ignored;
  options.privileges = declared.manages_privileges;
  return options;
}

std::map<std::string, Catalog> introspect_schemas_in(pqxx::transaction_base& txn,
                                                     const std::vector<std::string>& schemas,
                                                     const Options& options, Stats* stats) {
  std::map<std::string, Catalog> catalogs;
  for (const auto& name : schemas) {
    catalogs[name].schema = name;
    catalogs[name].ignored = options.ignored;
    catalogs[name].schema_exists = false;  // until pg_namespace says otherwise
    catalogs[name].manages_privileges = options.privileges;
  }
  if (catalogs.empty()) return catalogs;

  // The catalog queries are large but cheap: with 10,000 tables their estimated cost crosses
  // jit_above_cost and LLVM compilation takes seconds (10,000 tables: 10 s with JIT, 2 s without).
  txn.exec("SET LOCAL jit = off");
  // Parallel plans of these queries build the same hash tables in every worker, and each worker
  // is a new process that first maps the catalog pages it reads (measured at 5,000 tables, 2
  // cores: the columns query took twice as long with 2 workers as without).
  txn.exec("SET LOCAL max_parallel_workers_per_gather = 0");
  // With one schema its search path is set once; with several, each printed value sets its
  // own (see Session::printed).
  const bool several = catalogs.size() > 1;
  if (!several && !schemas.front().empty()) {
    txn.exec(run::search_path_sql(schemas.front()));
  }
  auto ignored = options.ignored;
  ignored.emplace_back(kVersionTable);
  detail::Session session(txn, std::move(ignored), several, stats);

  detail::load_schemas(session, catalogs);
  if (session.has_schemas()) detail::load_all(session);
  if (session.has_schemas() && options.privileges) detail::load_privileges(session);

  for (auto& [name, catalog] : catalogs) canonicalize(catalog);
  return catalogs;
}

Catalog introspect_schema_in(pqxx::transaction_base& txn, const std::string& schema,
                             const Options& options, Stats* stats) {
  return std::move(introspect_schemas_in(txn, {schema}, options, stats).at(schema));
}

std::map<std::string, Catalog> introspect_schemas(pqxx::connection& conn,
                                                  const std::vector<std::string>& schemas,
                                                  const Options& options, Stats* stats) {
  Snapshot txn(conn, "recon introspect");
  auto catalogs = introspect_schemas_in(txn, schemas, options, stats);
  txn.commit();
  return catalogs;
}

Catalog introspect_schema(pqxx::connection& conn, const std::string& schema, const Options& options,
                          Stats* stats) {
  return std::move(introspect_schemas(conn, {schema}, options, stats).at(schema));
}

}  // namespace recon::introspect
