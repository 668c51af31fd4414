// The hazard kind of a rename (beside the other kinds in plan.hpp): the version of the
// application running during the deploy still uses the old name.
#pragma once

namespace recon::hazard {
inline constexpr const char* backward_incompatible = "backward-incompatible";
}  // namespace recon::hazard
