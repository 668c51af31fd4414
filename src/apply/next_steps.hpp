// What to do after a revision failed and was rolled back whole: the user's two ways forward,
// said where the failure is reported (a failure with no next step leaves people guessing).
#pragma once

#include <string>

namespace recon::apply {

// "What to do next: ..." for revision `number`/`slug` of `project`, which a step failed with
// `sqlstate` ("23502", or "" when unknown). Two ways: fix the declaration and plan the
// revision again (`recon plan PROJECT --replace`, refused once a database records it), or,
// when the server rejected the rows (class 22 or 23), fix them first (a backfill) and apply
// the same revision again.
std::string after_failed_revision(const std::string& project, int number, const std::string& slug,
                                  const std::string& sqlstate);

}  // namespace recon::apply
