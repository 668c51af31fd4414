// Bringing a scratch database to a known state: replaying a project's revisions, running a
// new plan's changes, or creating a catalog from nothing.
#pragma once

#include <pqxx/pqxx>

#include "catalog/catalog.hpp"
#include "diff/change.hpp"
#include "plan/revision_chain.hpp"

namespace recon::plan {

// The revisions of the chain after `after` up to `upto` (-1: all), in order, run as apply runs
// them: steps in file order, consecutive transactional steps in one transaction, the others
// alone.
void replay_chain(pqxx::connection& conn, const Chain& chain, int upto = -1, int after = 0);

// Creates the roles that are missing on the dev server (NOLOGIN): a plan's grants and policies
// name roles, which exist on the databases it is applied to but not on a fresh dev server.
void ensure_roles(pqxx::connection& conn, const std::vector<std::string>& roles);

// SQL that installs, in the schemas they live in, the extensions whose types the catalog's
// columns, domains and composite types name from another schema ("public.cube"): a scratch
// database must have them for the declaration to be created there. "" when none.
std::string foreign_extensions_sql(const Catalog& catalog);

// The changes of a new plan, in one transaction.
void run_plan(pqxx::connection& conn, const std::string& schema,
              const std::vector<Change>& changes);

// The catalog created from nothing (to plan against a live database's state).
void materialize(pqxx::connection& conn, const Catalog& catalog);

}  // namespace recon::plan
