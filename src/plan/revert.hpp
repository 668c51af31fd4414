// `recon revert PROJECT --to N`: the state to go back to is the one revision N records, rebuilt
// by replaying the revisions up to N; the revert is an ordinary forward revision toward it.
#pragma once

#include <pqxx/pqxx>

#include "catalog/catalog.hpp"
#include "introspect/introspect.hpp"
#include "plan/revision_chain.hpp"

namespace recon::plan {

// Replays the whole chain on `conn` (which holds the projects it references), introspecting
// the state after revision `n` on the way. Throws InputError when the chain has no revision
// `n` below its last, std::runtime_error when the replay does not reach the state revision `n`
// records (its target fingerprint).
Catalog replay_keeping_state(pqxx::connection& conn, const Chain& chain, int n,
                             const introspect::Options& introspection);

}  // namespace recon::plan
