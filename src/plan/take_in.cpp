#include "plan/take_in.hpp"

#include "catalog/fingerprint.hpp"
#include "catalog/privileges.hpp"
#include "plan/replay.hpp"

namespace recon::plan {

std::optional<TakeIn> take_in(pqxx::connection& replay, const Catalog& chain_state,
                              const Catalog& live, const introspect::Options& introspection,
                              const diff::Options& options) {
  const std::string wanted = fingerprint(live);
  if (fingerprint(chain_state) == wanted) return std::nullopt;
  TakeIn out;
  out.ordered = order(diff::diff(chain_state, live, options));
  ensure_roles(replay, required_roles(live));
  run_plan(replay, live.schema, out.ordered.changes);
  out.reached = introspect::introspect_schema(replay, live.schema, introspection);
  if (fingerprint(out.reached) == wanted) return out;
  // A revision that does not reach the live state would break the chain the way it is meant
  // to mend: refuse, and say what differs.
  std::string list;
  for (const auto& change : diff::diff(out.reached, live)) list += "\n  " + change.summary;
  throw std::runtime_error(
      "cannot take in the live state of schema " + live.schema +
      ": the changes made outside recon, run on the dev database from the state the revisions "
      "reach, do not reach it (fingerprints " +
      fingerprint(out.reached) + " and " + wanted + "; a recon bug, please report it)." +
      (list.empty() ? std::string() : " Still different:" + list) + "\nNothing was written.");
}

}  // namespace recon::plan
