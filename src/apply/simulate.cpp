#include "apply/simulate.hpp"

#include <set>

#include "pg/dev_server.hpp"
#include "plan/replay.hpp"

namespace recon::apply {

bool simulated(const std::vector<EarlierProject>& earlier, const std::string& schema) {
  for (const auto& e : earlier)
    if (e.project->schema == schema) return true;
  return false;
}

std::optional<std::string> unsatisfied_after(const std::vector<EarlierProject>& earlier,
                                             const Project& project,
                                             const std::vector<CrossReference>& references,
                                             const std::optional<std::string>& dev_url) {
  if (references.empty()) return std::nullopt;
  pg::DevServer dev(dev_url);
  auto scratch = dev.scratch();
  pqxx::connection conn(scratch->url());
  std::set<std::string> replayed;
  for (const auto& e : earlier) {
    for (const auto& other : prerequisites(*e.project))
      if (replayed.insert(other.name).second) plan::replay_chain(conn, other.chain);
    if (replayed.insert(e.project->name).second)
      plan::replay_chain(conn, e.project->chain, e.reached);
  }
  return unsatisfied_reference(conn, project, references);
}

}  // namespace recon::apply
