// Which hazards apply refuses unless the user allows them by name (--allow-hazards).
//
// data-loss and widens-access are refused by default; the other kinds (table-rewrite,
// access-exclusive-lock, index-build, validation-scan, not-transactional) are shown but not
// refused. A kind recon does not know (a revision planned by a newer recon) is refused too: it
// cannot be judged harmless.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "run/revision.hpp"

namespace recon::apply {

// The hazard kinds --allow-hazards accepts, besides "all".
std::vector<std::string> known_hazard_kinds();

// "data-loss,table-rewrite" or "all" (whitespace around names ignored) to the allowed set.
// Throws std::invalid_argument naming an unknown kind (with a suggestion).
std::set<std::string> parse_allowed_hazards(const std::string& list);

struct BlockedStep {
  int revision = 0;
  std::string revision_slug;
  std::size_t step = 0;  // 1-based
  std::size_t steps = 0;
  std::string summary;
  std::vector<Hazard> hazards;  // the refused ones
};

// Steps of `revision` with a hazard that is gated and not allowed.
std::vector<BlockedStep> blocked_steps(const Revision& revision,
                                       const std::set<std::string>& allowed);

// The distinct hazard kinds of a revision, in order of first appearance.
std::vector<std::string> hazard_kinds(const Revision& revision);

}  // namespace recon::apply
