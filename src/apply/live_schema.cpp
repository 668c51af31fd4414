#include "apply/live_schema.hpp"

#include <map>

#include "apply/steps.hpp"
#include "apply/version_table.hpp"
#include "catalog/fingerprint.hpp"
#include "introspect/introspect.hpp"
#include "introspect/loaders.hpp"

namespace recon::apply {

Catalog introspect_in(pqxx::transaction_base& txn, const std::string& schema,
                      const std::vector<std::string>& ignored) {
  std::map<std::string, Catalog> catalogs;
  Catalog& catalog = catalogs[schema];
  catalog.schema = schema;
  catalog.ignored = ignored;
  catalog.schema_exists = false;  // until pg_namespace says otherwise

  txn.exec(search_path_sql(schema));
  auto left_out = ignored;
  left_out.emplace_back(kVersionTable);
  introspect::detail::Session session(txn, std::move(left_out), false, nullptr);
  introspect::detail::load_schemas(session, catalogs);
  if (session.has_schemas()) {
    // The order of introspect::introspect_schemas: relations first, their parts attach to them.
    introspect::detail::load_relations(session);
    introspect::detail::load_columns(session);
    introspect::detail::load_constraints(session);
    introspect::detail::load_indexes(session);
    introspect::detail::load_enums(session);
    introspect::detail::load_domains(session);
    introspect::detail::load_domain_checks(session);
    introspect::detail::load_sequences(session);
    introspect::detail::load_view_dependencies(session);
    introspect::detail::load_unsupported(session);
  }
  canonicalize(catalog);
  return std::move(catalog);
}

Catalog introspect_live(pqxx::connection& conn, const std::string& schema,
                        const std::vector<std::string>& ignored) {
  introspect::Options options;
  options.ignored = ignored;
  return introspect::introspect_schema(conn, schema, options);
}

}  // namespace recon::apply
