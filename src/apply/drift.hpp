// Drift explained: what differs between the live schema and the state its revisions left it in.
//
// Fingerprints say *that* a schema drifted; people need to see *how*. The expected state is
// rebuilt on a scratch database of the dev server by replaying the project's revisions (after
// those of the projects it references), introspected, and diffed against the live catalog.
// The dev server starts only when there is drift to explain.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "apply/workspace.hpp"
#include "catalog/catalog.hpp"
#include "pg/dev_server.hpp"

namespace recon::apply {

struct Drift {
  // From the expected state to the live one, as change summaries: "+ column todos.note" is a
  // column someone added outside recon. Empty when `unavailable` says why it is not known.
  std::vector<std::string> changes;
  std::string unavailable;
};

// `reached`: the last revision applied (0: none, the expected state is revision 1's source).
Drift explain_drift(const Project& project, int reached, const Catalog& live, pg::DevServer& dev);

// The revisions up to `reached` replayed on `conn` (a scratch database), after those of the
// projects they reference.
void replay_applied(pqxx::connection& conn, const Project& project, int reached);

// "  + column todos.note\n  - index todos_title_idx\n" under a heading, or why it is unknown.
std::string describe(const Drift& drift);

}  // namespace recon::apply
