// Bringing a scratch database to a known state: replaying a project's revisions, running a
// new plan's changes, or creating a catalog from nothing.
#pragma once

#include <pqxx/pqxx>

#include "catalog/catalog.hpp"
#include "diff/change.hpp"
#include "plan/revision_chain.hpp"

namespace recon::plan {

// Every revision of the chain, in order, each in one transaction (steps that cannot run in
// a transaction run alone after it, as apply does).
void replay_chain(pqxx::connection& conn, const Chain& chain);

// The changes of a new plan, in one transaction.
void run_plan(pqxx::connection& conn, const std::string& schema,
              const std::vector<Change>& changes);

// The catalog created from nothing (to plan against a live database's state).
void materialize(pqxx::connection& conn, const Catalog& catalog);

}  // namespace recon::plan
