#include "plan/revert.hpp"

#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "plan/replay.hpp"

namespace recon::plan {

Catalog replay_keeping_state(pqxx::connection& conn, const Chain& chain, int n,
                             const introspect::Options& introspection) {
  const int last = chain.revisions.empty() ? 0 : chain.revisions.back().number;
  if (n < 0 || n >= last)
    throw InputError({Diagnostic{
        {},
        "--to " + std::to_string(n) + ": " + chain.project +
            (last == 0 ? std::string(" has no revisions")
                       : " has revisions 1 to " + std::to_string(last) +
                             "; revert goes back to one before the last (0: before the first)")}});
  replay_chain(conn, chain, n);
  Catalog state =
      introspect::introspect_schema(conn, chain.revisions.front().plan.schema, introspection);
  const std::string& recorded = n == 0 ? chain.revisions.front().plan.source_fingerprint
                                       : chain.revisions.at(n - 1).plan.target_fingerprint;
  if (fingerprint(state) != recorded)
    throw std::runtime_error(
        "replaying the revisions of " + chain.project + " up to " + std::to_string(n) +
        " on the dev database does not reach the state revision " + std::to_string(n) +
        " records (" + recorded + "), so recon cannot plan a revert to it");
  replay_chain(conn, chain, -1, n);
  return state;
}

}  // namespace recon::plan
