// `recon plan PROJECT --replace`: plan the last revision again, after it failed on a database
// and the declaration was fixed. A revision is immutable once a database records it, so recon
// first reads the version table of the database it is pointed at and refuses when the
// revision is recorded there. Then the file is moved aside (out of the chain) while the plan
// is made from the revision before it, and removed once the new one is written; restored if
// anything fails.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "cli/context.hpp"
#include "plan/hand_written.hpp"

namespace recon::cli {

class ReplacedRevision {
 public:
  // Throws CommandError: invalid_input when the project has no revision, refused when the
  // database records it, error when the database cannot be read.
  ReplacedRevision(const Context& ctx, const std::filesystem::path& root,
                   const std::string& project);
  ~ReplacedRevision();  // puts the file back unless done() was called
  ReplacedRevision(const ReplacedRevision&) = delete;
  ReplacedRevision& operator=(const ReplacedRevision&) = delete;

  // The new revision is written (or none was needed): the old file goes for good. Returns
  // what happened, for the user.
  std::string done(bool rewritten);

  // The replaced revision's hand-written steps, to plan them again.
  const std::vector<plan::HandWritten>& hand_written() const { return hand_written_; }

 private:
  std::filesystem::path file_;   // plans/PROJECT/NNNN_slug.sql
  std::filesystem::path aside_;  // plans/PROJECT/.NNNN_slug.sql.replaced
  std::string name_;             // NNNN_slug
  std::string checked_;          // what was checked, for the user
  bool done_ = false;
  std::vector<plan::HandWritten> hand_written_;
};

}  // namespace recon::cli
