// `recon rebase PROJECT`: after a merge left two revisions planned from the same parent (a
// fork), one branch of revisions is kept and the others are planned again on top of it.
//
// The revisions of the other branches are removed and the declaration (the merged one, which
// holds both branches' changes) is planned on top of the kept branch, as one revision named
// like the first removed one: what `delete your revision and run recon plan` did by hand, with
// the files named and nothing lost when planning fails.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "plan/planner.hpp"

namespace recon::plan {

// The revisions planned from one parent, in file-name order (two or more).
struct Fork {
  std::vector<const Revision*> heads;
};

// The fork nearest to the first revision; nothing when the chain has none.
std::optional<Fork> find_fork(const Chain& chain);

// `head` and every revision planned on top of it, transitively, by number.
std::vector<const Revision*> branch_of(const Chain& chain, const Revision& head);

struct Rebased {
  std::vector<std::filesystem::path> removed;  // the other branches' revision files
  std::optional<Revision> replanned;  // nothing when the kept branch has their changes already
};

// Keeps `kept`'s branch, removes the other heads' branches from plans/<project>/ and plans the
// declaration on top (request.projects: the one project). The removed files are restored when
// planning fails. Throws like make_plans.
Rebased rebase(const Request& request, const Chain& chain, const Fork& fork, const Revision& kept,
               const Cache& cache);

}  // namespace recon::plan
