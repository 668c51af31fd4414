// A Plan is the ordered list of steps that takes a schema from one state (source
// fingerprint) to another (target fingerprint). A Revision is a plan written to
// plans/<project>/NNNN_<slug>.sql, immutable once committed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace recon {

// Hazard kinds, lower-case with dashes, as they appear in plan files and --allow-hazards.
namespace hazard {
inline constexpr const char* data_loss = "data-loss";
inline constexpr const char* table_rewrite = "table-rewrite";
inline constexpr const char* access_exclusive_lock = "access-exclusive-lock";
inline constexpr const char* index_build = "index-build";
inline constexpr const char* validation_scan = "validation-scan";
inline constexpr const char* not_transactional = "not-transactional";
// SQL the user wrote (recon plan --with): reviewed like the rest, but recon cannot say what it
// does to rows, what it locks or how long it runs.
inline constexpr const char* hand_written = "hand-written";
}  // namespace hazard

struct Hazard {
  std::string kind;    // one of hazard::*
  std::string reason;  // one line, for the reviewer

  bool operator==(const Hazard&) const = default;
};

struct Step {
  std::string summary;  // Terraform-style: "+ table todos", "~ column todos.done: set not null"
  std::string sql;      // one or more statements, each ending with ';'
  std::vector<Hazard> hazards;
  bool transactional = true;  // false: runs outside the revision's transaction, alone
  // The lock the step takes on tables that exist before it, and how long it holds it:
  // "SHARE UPDATE EXCLUSIVE on todos for the whole build (reads and writes go on)". Empty when
  // the step only touches objects the revision creates (or planned before recon said).
  std::string lock;

  bool operator==(const Step&) const = default;
};

struct Plan {
  std::string project;
  std::string schema;
  std::string source_fingerprint;  // "sha256:..."
  std::string target_fingerprint;
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
