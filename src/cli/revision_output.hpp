// How one revision is shown to a person or a program: its file text (coloured on a terminal),
// JSON, or Markdown for a pull-request comment. `recon show` prints committed revisions this
// way, `recon plan` the revision it would write.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run/revision.hpp"

namespace recon::cli {

// The revision file's text, each line coloured by what it says when `color`.
std::string revision_text(const Revision& revision, bool color);

// Everything the file says, for programs: number, slug, project, schema, parent, fingerprints,
// where it was planned from, checksum, the hazard totals and the steps (steps_json).
nlohmann::json revision_json(const Revision& revision);
nlohmann::json steps_json(const std::vector<Step>& steps);  // also recon diff's

// A Markdown section for a pull-request comment: a heading, the summary table, every hazard with
// its reason, and the SQL in a collapsible <details> block. Free text is escaped so that names
// and reasons cannot change the comment's markup.
std::string revision_markdown(const Revision& revision);

}  // namespace recon::cli
