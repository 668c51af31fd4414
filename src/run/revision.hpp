// A Plan is the ordered list of steps that takes a schema from one state (source
// fingerprint) to another (target fingerprint). A Revision is a plan written to
// plans/<project>/NNNN_<slug>.sql, immutable once committed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "run/step.hpp"

namespace recon {

struct Plan {
  std::string project;
  std::string schema;
  std::string source_fingerprint;  // "sha256:..."
  std::string target_fingerprint;
  // The roles its states name (grants, policies): roles are the server's, never a project's,
  // so they must exist wherever the plan runs. Sorted.
  std::vector<std::string> roles;
  std::vector<Step> steps;
};

// chain: planned from the state the revisions before it reach. database: planned by `recon
// plan --db` to take in what was changed on a live database outside recon; its steps go from
// the state the revisions reach to that database's schema (its target), and apply records it
// without running it where the schema is already in its target state. (Older revisions planned
// from a database started from its live state instead: their source is that database's.)
enum class PlanSource { chain, database };

struct Revision {
  int number = 0;               // 1, 2, ...
  std::string slug;             // "add_updated_at"
  int parent_number = 0;        // 0: none
  std::string parent_checksum;  // "sha256:..." or "" for the first revision
  std::string recon_version;
  PlanSource planned_from = PlanSource::chain;
  Plan plan;

  std::string checksum;        // "sha256:..." over the file's bytes before its last line
  std::filesystem::path file;  // where it was read from, if it was
};

}  // namespace recon
