#include "apply/hazard_gate.hpp"

#include <algorithm>
#include <stdexcept>

#include "catalog/diagnostic.hpp"
#include "run/hazard.hpp"

namespace recon::apply {
namespace {

// Kinds that apply shows but does not refuse.
bool informational(const std::string& kind) {
  return kind == hazard::table_rewrite || kind == hazard::access_exclusive_lock ||
         kind == hazard::index_build || kind == hazard::validation_scan ||
         kind == hazard::not_transactional || kind == hazard::backward_incompatible ||
         kind == hazard::hand_written;
}

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

}  // namespace

std::vector<std::string> known_hazard_kinds() {
  return {hazard::data_loss,
          hazard::table_rewrite,
          hazard::access_exclusive_lock,
          hazard::index_build,
          hazard::validation_scan,
          hazard::not_transactional,
          hazard::backward_incompatible,
          hazard::hand_written,
          hazard::widens_access};
}

std::set<std::string> parse_allowed_hazards(const std::string& list) {
  std::set<std::string> allowed;
  const auto known = known_hazard_kinds();
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = std::min(list.find(',', start), list.size());
    const std::string name = trim(list.substr(start, comma - start));
    start = comma + 1;
    if (name.empty()) continue;
    if (name != "all" && std::find(known.begin(), known.end(), name) == known.end()) {
      auto candidates = known;
      candidates.emplace_back("all");
      throw std::invalid_argument("unknown hazard '" + name + "'" + did_you_mean(name, candidates) +
                                  ": expected a comma list of " +
                                  "data-loss, table-rewrite, access-exclusive-lock, " +
                                  "index-build, validation-scan, not-transactional, " +
                                  "backward-incompatible, hand-written, widens-access, or all");
    }
    allowed.insert(name);
  }
  return allowed;
}

std::vector<BlockedStep> blocked_steps(const Revision& revision,
                                       const std::set<std::string>& allowed) {
  std::vector<BlockedStep> out;
  if (allowed.contains("all")) return out;
  const auto& steps = revision.plan.steps;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    BlockedStep blocked;
    for (const auto& h : steps[i].hazards)
      if (!informational(h.kind) && !allowed.contains(h.kind)) blocked.hazards.push_back(h);
    if (blocked.hazards.empty()) continue;
    blocked.revision = revision.number;
    blocked.revision_slug = revision.slug;
    blocked.step = i + 1;
    blocked.steps = steps.size();
    blocked.summary = steps[i].summary;
    out.push_back(std::move(blocked));
  }
  return out;
}

std::vector<std::string> hazard_kinds(const Revision& revision) {
  std::vector<std::string> kinds;
  for (const auto& step : revision.plan.steps)
    for (const auto& h : step.hazards)
      if (std::find(kinds.begin(), kinds.end(), h.kind) == kinds.end()) kinds.push_back(h.kind);
  return kinds;
}

}  // namespace recon::apply
