// Taking in what was changed on a live database outside recon (`recon plan --db`).
//
// The hand-made objects must reach the chain, or the revisions stop replaying to the states
// they record: every later plan would add them again, and apply would refuse the next revision
// as drift. So they become a revision of their own, from the state the revisions reach to the
// live state. It is planned-from database: apply records it without running its steps where
// the schema is already in its target state (the database it was planned from), and runs them
// everywhere else, like any revision.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "catalog/catalog.hpp"
#include "diff/diff.hpp"
#include "introspect/introspect.hpp"
#include "plan/order.hpp"

namespace recon::plan {

struct TakeIn {
  OrderedChanges ordered;  // from the state the revisions reach to the live state
  Catalog reached;         // the live state, as the steps left the dev database
};

// `replay` holds `chain_state` (the state the revisions reach) and is left in the live state.
// Nothing when the live schema is in the chain's state. Throws std::runtime_error when the
// steps do not reach the live state on the dev database (nothing is written then).
std::optional<TakeIn> take_in(pqxx::connection& replay, const Catalog& chain_state,
                              const Catalog& live, const introspect::Options& introspection,
                              const diff::Options& options);

}  // namespace recon::plan
