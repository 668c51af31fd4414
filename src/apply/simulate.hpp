// A dry run of several projects judges each one against the state the earlier projects'
// pending revisions reach, as apply would meet it: a foreign key into a schema that an earlier
// project's first revision creates is satisfied, although the live database has no such
// schema yet. That state is rebuilt on a scratch database of the dev server, never on the
// target: a dry run must not take locks there (a rolled-back transaction would still hold
// them while it runs).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "apply/references.hpp"
#include "apply/workspace.hpp"

namespace recon::apply {

struct EarlierProject {
  const Project* project = nullptr;
  int reached = 0;  // the revision its pending revisions reach
};

// Whether `schema` is one of the earlier projects' (then its references are judged here).
bool simulated(const std::vector<EarlierProject>& earlier, const std::string& schema);

// unsatisfied_reference for `references` into the earlier projects' schemas, in the state
// they reach: their revisions (and those of the projects they reference) replayed on a
// scratch database of the dev server (`dev_url`, else an embedded cluster).
std::optional<std::string> unsatisfied_after(const std::vector<EarlierProject>& earlier,
                                             const Project& project,
                                             const std::vector<CrossReference>& references,
                                             const std::optional<std::string>& dev_url);

}  // namespace recon::apply
