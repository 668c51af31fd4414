// The version table's rows held against the project's revision files: which revisions are
// applied, whether any of them was edited since or is missing, and where an interrupted
// revision stands. Shared by apply (which refuses on any problem) and status (which shows them).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "apply/version_table.hpp"
#include "apply/workspace.hpp"

namespace recon::apply {

struct EditedRevision {
  int number = 0;
  std::string slug;
  std::filesystem::path file;
  std::string recorded_checksum;  // in the version table
  std::string file_checksum;      // in the file's checksum line
  bool content_changed = false;   // the file's content no longer matches its own checksum line
};

struct Records {
  std::vector<AppliedRevision> rows;
  int last_done = 0;                       // the last applied (or baselined) revision, 0: none
  std::optional<AppliedRevision> last;     // its row
  std::optional<AppliedRevision> partial;  // an interrupted revision with non-transactional steps
  std::vector<EditedRevision> edited;      // applied, and the file changed since
  std::vector<AppliedRevision> missing;    // applied, and no file for it
  std::vector<std::string> inconsistent;   // rows that do not make a chain (hand edits?)

  bool ok() const { return edited.empty() && missing.empty() && inconsistent.empty(); }
  // For the user: every problem, one paragraph each, with what to do.
  std::string explain(const Project& project) const;
};

Records check_records(const Project& project, std::vector<AppliedRevision> rows);

// `recon plan --db` takes what was changed on a database outside recon in as the revision after
// the last one: why it cannot on this database (it has not applied every revision, or one is
// partially applied), for the user; nothing when it can.
std::optional<std::string> take_in_refusal(const Project& project, const Records& records);

// "0002_add_updated_at"
std::string revision_name(int number, const std::string& slug);

// plans/<project>/0002_add_updated_at.sql (the file it was read from when known).
std::filesystem::path revision_path(const Project& project, const Revision& revision);

// The last revision after `last_done` whose target state is `live` (a fingerprint): the
// schema was brought there by other means (a DBA ran its SQL by hand), and `recon apply
// --baseline N` records it. nullptr when none is.
const Revision* unrecorded_revision_reaching(const Project& project, int last_done,
                                             const std::string& live);

// The advice for such a schema: "record it without running anything: `recon apply P
// --baseline N`".
std::string baseline_advice(const Project& project, const Revision& reaching);

// Why the live schema does not match what a revision expects, for the user.
//   `expected`: the fingerprint the revision expects; `what`: "revision 0002_x starts from"...;
//   `objects`: the differing objects (drift.hpp's describe()).
std::string drift_message(const Project& project, const std::string& live,
                          const std::string& expected, const std::string& what,
                          const std::string& objects);

}  // namespace recon::apply
