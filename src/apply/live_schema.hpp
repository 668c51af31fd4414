// The live schema as seen from inside an open transaction, uncommitted changes included: apply
// checks a revision's target fingerprint before it commits.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "catalog/catalog.hpp"
#include "introspect/introspect.hpp"

namespace recon::apply {

// The catalog of `schema` seen by `txn` (canonicalized), leaving out the ignored relations and
// the version table. Sets the transaction's search path to `schema` (SET LOCAL).
Catalog introspect_in(pqxx::transaction_base& txn, const std::string& schema,
                      const introspect::Options& options);

// The catalog of `schema` in a fresh snapshot (introspect::introspect_schema).
Catalog introspect_live(pqxx::connection& conn, const std::string& schema,
                        const introspect::Options& options);

}  // namespace recon::apply
