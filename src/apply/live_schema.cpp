#include "apply/live_schema.hpp"

#include "introspect/introspect.hpp"

namespace recon::apply {

Catalog introspect_in(pqxx::transaction_base& txn, const std::string& schema,
                      const introspect::Options& options) {
  return introspect::introspect_schema_in(txn, schema, options);
}

Catalog introspect_live(pqxx::connection& conn, const std::string& schema,
                        const introspect::Options& options) {
  return introspect::introspect_schema(conn, schema, options);
}

}  // namespace recon::apply
