#include "cli/replace_revision.hpp"

#include <fmt/core.h>

#include "apply/connection.hpp"
#include "apply/records.hpp"
#include "apply/version_table.hpp"
#include "apply/workspace.hpp"
#include "catalog/identifier.hpp"
#include "cli/database_errors.hpp"
#include "cli/exit_codes.hpp"

namespace recon::cli {
namespace fs = std::filesystem;

namespace {

// The row of `number` in the version table of the database `url` names, if any.
std::optional<apply::AppliedRevision> recorded_row(const std::string& url,
                                                   const std::string& schema, int number) {
  return with_database_errors(url, [&]() -> std::optional<apply::AppliedRevision> {
    auto conn = apply::connect(url, "recon plan --replace");
    pqxx::read_transaction txn(*conn);
    for (auto& row : apply::read_version_table(txn, schema))
      if (row.number >= number) return row;
    return std::nullopt;
  });
}

}  // namespace

ReplacedRevision::ReplacedRevision(const Context& ctx, const fs::path& root,
                                   const std::string& project_name) {
  const apply::Project project = apply::load_project(root, project_name);
  const Revision* last = project.revision(project.head());
  if (!last)
    throw CommandError{exit_code::invalid_input, "--replace: project " + project_name +
                                                     " has no revision to replace in " +
                                                     project.plans_dir.generic_string() + "/"};
  name_ = apply::revision_name(last->number, last->slug);
  const std::string url = ctx.database_url();
  if (auto row = recorded_row(url, project.schema, last->number))
    throw CommandError{
        exit_code::refused,
        "--replace: revision " + apply::revision_name(row->number, row->slug) + " is recorded in " +
            apply::version_table_name(project.schema) + " of " +
            pg::redact(url.empty() ? "the database (PG* variables)" : url) + " (" + row->state +
            " " + row->applied_at + " by " + row->applied_by +
            "): a revision a database has recorded is never replaced. Plan a new revision on "
            "top of it instead (`recon plan " +
            project_name + "`). Nothing was changed."};
  checked_ = apply::version_table_name(project.schema) + " of " +
             pg::redact(url.empty() ? "the database (PG* variables)" : url) + " does not record it";
  hand_written_ = plan::hand_written_steps(*last);
  file_ = apply::revision_path(project, *last);
  aside_ = file_.parent_path() / ("." + file_.filename().string() + ".replaced");
  fs::rename(file_, aside_);
}

ReplacedRevision::~ReplacedRevision() {
  if (done_) return;
  std::error_code ec;
  fs::rename(aside_, file_, ec);
  if (ec)
    fmt::print(stderr, "recon: could not put {} back from {}: {}\n", file_.generic_string(),
               aside_.generic_string(), ec.message());
}

std::string ReplacedRevision::done(bool rewritten) {
  done_ = true;
  fs::remove(aside_);
  return rewritten ? "replaced " + name_ + " (" + checked_ + ")"
                   : "removed " + name_ + ": the declaration now matches the revision before it (" +
                         checked_ + ")";
}

}  // namespace recon::cli
