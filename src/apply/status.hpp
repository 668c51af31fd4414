// `recon status`: where each project's schema stands on a database, without changing it:
// the last revision applied, the pending ones (with their hazards), drift (the live schema is
// not in the state the version table says), applied revisions edited or missing since, an
// interrupted revision, problems of the revision files.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "apply/data_drift.hpp"
#include "apply/drift.hpp"
#include "apply/records.hpp"
#include "apply/version_table.hpp"
#include "apply/workspace.hpp"

namespace recon::apply {

struct PendingRevision {
  int number = 0;
  std::string slug;
  std::size_t steps = 0;
  std::vector<std::string> hazards;  // distinct kinds, in order
};

struct ProjectStatus {
  std::string project;
  std::string schema;
  int head = 0;  // the last revision file's number
  bool version_table = false;
  std::optional<AppliedRevision> last_applied;
  std::optional<AppliedRevision> partial;
  std::vector<PendingRevision> pending;
  // The state the schema should be in: the last applied revision's target, or (nothing
  // applied) the first revision's source. Empty when there is nothing to compare with.
  std::string expected_fingerprint;
  std::string expected_from;  // "0002_add_x target", "0001_initial source"
  std::string live_fingerprint;
  bool drift = false;
  Drift drift_detail;  // the objects that differ (when StatusOptions::dev is set)
  // The declared reference rows changed outside recon (when StatusOptions::dev is set).
  DataDrift data_drift;
  // What to run when the schema was made outside recon: `recon apply P --baseline N` when it
  // is in the state of revision N, which is not recorded; how to adopt it when nothing is
  // recorded and it holds objects. Empty otherwise.
  std::string baseline_hint;
  std::vector<EditedRevision> edited;
  std::vector<AppliedRevision> missing;
  std::vector<std::string> inconsistent;
  std::vector<std::string> problems;  // the revision files' (read_chain)
  std::vector<std::string> notes;
  // Changes of the declaration (schemas/<project>.toml) that no revision plans yet, as change
  // summaries; nullopt when not asked for or not known (a note says why).
  std::optional<std::vector<std::string>> unplanned;

  bool up_to_date() const;
};

struct StatusOptions {
  // The declaration's changes not yet planned ("+ table x", ...): the planner, given by the
  // caller (apply does not depend on planning). May throw: the note says why it is unknown.
  std::function<std::vector<std::string>(const Project&)> unplanned;
  // Where drift is explained; without it, drift is shown by fingerprints only.
  pg::DevServer* dev = nullptr;
};

// Reads the version table and the live schema of `project` on `conn`; changes nothing.
ProjectStatus project_status(pqxx::connection& conn, const Project& project,
                             const StatusOptions& options = {});

nlohmann::json to_json(const ProjectStatus& status);
nlohmann::json to_json(const AppliedRevision& row);

// Human-readable, several lines ending with '\n'.
std::string to_text(const ProjectStatus& status);

}  // namespace recon::apply
