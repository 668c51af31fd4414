// order: the Changes of a diff as vertices of a dependency graph (Boost.Graph), sorted so
// that every step runs after what it needs and before what removes what it used.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "diff/change.hpp"

namespace recon::plan {

struct OrderedChanges {
  std::vector<Change> changes;                             // in step order
  std::vector<std::pair<std::size_t, std::size_t>> edges;  // (before, after), as step indexes
};

// Deterministic: ties are broken by change kind, then object name. Throws
// recon::InputError naming the objects when the dependencies form a cycle.
OrderedChanges order(std::vector<Change> changes);

}  // namespace recon::plan
