// Which of several revision files git merged first into the current branch: the one whose
// first commit on the branch's first-parent line (the commit, or the merge, that brought it
// there) is the oldest. What `recon rebase` keeps when no database tells.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace recon::plan {

struct MergedFirst {
  std::size_t index = 0;  // into the files given
  std::string commit;     // the commit that brought it to the branch (abbreviated)
};

// Nothing when git cannot tell: not a git work tree, git missing, or no file (or more than
// one at the same commit) on the branch's first-parent line. Runs git without a shell.
std::optional<MergedFirst> merged_first(const std::filesystem::path& root,
                                        const std::vector<std::filesystem::path>& files);

}  // namespace recon::plan
