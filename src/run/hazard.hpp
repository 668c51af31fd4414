// A Hazard is what a step may do that a reviewer must accept before it runs (--allow-hazards):
// lose data, rewrite a table, hold a lock. The diff stage finds them, revision files carry them,
// apply gates on them.
#pragma once

#include <string>

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
// A rename: the version of the application running during the deploy still uses the old name.
inline constexpr const char* backward_incompatible = "backward-incompatible";
// Roles reach rows or objects they could not reach before: a row-level security policy dropped,
// row-level security disabled, a privilege granted to PUBLIC. Refused by default like
// data-loss: a reviewer must have seen it.
inline constexpr const char* widens_access = "widens-access";
}  // namespace hazard

struct Hazard {
  std::string kind;    // one of hazard::*
  std::string reason;  // one line, for the reviewer

  bool operator==(const Hazard&) const = default;
};

}  // namespace recon
