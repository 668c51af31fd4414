#include "apply/drift.hpp"

#include <pqxx/pqxx>

#include "apply/records.hpp"
#include "catalog/fingerprint.hpp"
#include "diff/diff.hpp"
#include "introspect/introspect.hpp"
#include "plan/replay.hpp"

namespace recon::apply {
namespace {

// The state revision `reached` leaves the schema in, rebuilt from nothing.
Catalog rebuild(const Project& project, int reached, pg::DevServer& dev) {
  Catalog expected;
  expected.schema = project.schema;
  expected.schema_exists = false;
  if (reached == 0) return expected;
  auto scratch = dev.scratch();
  pqxx::connection conn(scratch->url());
  replay_applied(conn, project, reached);
  return introspect::introspect_schema(conn, project.schema, project.introspection);
}

}  // namespace

void replay_applied(pqxx::connection& conn, const Project& project, int reached) {
  for (const auto& other : prerequisites(project)) plan::replay_chain(conn, other.chain);
  plan::replay_chain(conn, project.chain, reached);
}

Drift explain_drift(const Project& project, int reached, const Catalog& live, pg::DevServer& dev) {
  Drift out;
  const Revision* first = project.revision(1);
  const Revision* last = project.revision(reached);
  if (!first || (reached > 0 && !last)) {
    out.unavailable = "the revisions that were applied are not all in " +
                      project.plans_dir.generic_string() + "/";
    return out;
  }
  Catalog empty;
  empty.schema = project.schema;
  if (first->planned_from == PlanSource::database &&
      first->plan.source_fingerprint != fingerprint(empty)) {
    out.unavailable = "revision " + revision_name(first->number, first->slug) +
                      " was planned against a live database, so the state before it is known "
                      "only by its fingerprint";
    return out;
  }
  try {
    const Catalog expected = rebuild(project, reached, dev);
    const std::string wanted =
        last ? last->plan.target_fingerprint : first->plan.source_fingerprint;
    if (fingerprint(expected) != wanted) {
      out.unavailable =
          "replaying the revisions on the dev database does not reach the state "
          "they record (" +
          wanted + ")";
      return out;
    }
    for (const auto& change : diff::diff(expected, live)) out.changes.push_back(change.summary);
  } catch (const std::exception& e) {
    out.unavailable =
        std::string("the expected state could not be rebuilt on the dev database: ") + e.what();
  }
  return out;
}

std::string describe(const Drift& drift) {
  if (!drift.unavailable.empty())
    return "(the objects that differ are not shown: " + drift.unavailable + ")";
  std::string out = "changed outside recon:";
  for (const auto& change : drift.changes) out += "\n  " + change;
  return out;
}

}  // namespace recon::apply
