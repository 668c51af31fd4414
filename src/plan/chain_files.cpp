// read_chain's reading: the plan directory's files, and each file named like a revision.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "catalog/diagnostic.hpp"
#include "plan/chain_checks.hpp"
#include "plan/revision_file.hpp"
#include "plan/revision_layout.hpp"

namespace recon::chain {
namespace fs = std::filesystem;
namespace {

std::optional<std::string> read_plan_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(out).str();
}

void note_problem(Problems& problems, std::string kind, const fs::path& file, std::string message) {
  problems.push_back(ChainProblem{std::move(kind), file, file.string() + ": " + message});
}

// The problems of a file that parsed: its name, its checksum, its project.
void check_parsed(const fs::path& path, const std::string& text, const Revision& revision,
                  const std::pair<int, std::string>& name, const std::string& project,
                  const std::string& schema, Problems& problems) {
  if (revision.number != name.first || revision.slug != name.second) {
    note_problem(problems, "malformed", path,
                 "its name does not match its header, which says revision " +
                     revision_layout::number_text(revision.number) + " '" + revision.slug + "' (" +
                     revision_file_name(revision.number, revision.slug) +
                     "): revision files must not be renamed");
  }
  if (!checksum_matches(text)) {
    note_problem(
        problems, "edited", path,
        "edited after it was planned: its checksum does not match its content (revisions are "
        "immutable: restore it from git, and plan a new revision for further changes)");
  }
  if (revision.plan.project != project || revision.plan.schema != schema) {
    note_problem(problems, "foreign", path,
                 "planned for project '" + escape_comment_text(revision.plan.project) +
                     "' (schema '" + escape_comment_text(revision.plan.schema) +
                     "'), but this directory holds project '" + escape_comment_text(project) +
                     "' (schema '" + escape_comment_text(schema) +
                     "'): was it copied from another project?");
  }
}

}  // namespace

std::optional<std::vector<fs::path>> plan_files(const fs::path& plans_dir, Problems& problems) {
  std::error_code ec;
  const auto status = fs::status(plans_dir, ec);
  if (status.type() == fs::file_type::not_found) return std::vector<fs::path>{};
  if (ec || !fs::is_directory(status)) {
    note_problem(problems, "malformed", plans_dir,
                 "not a readable directory" + (ec ? ": " + ec.message() : std::string()));
    return std::nullopt;
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(plans_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->path().extension() == ".sql" && it->is_regular_file(type_ec))
      files.push_back(it->path());
  }
  if (ec) {
    note_problem(problems, "malformed", plans_dir, "cannot list: " + ec.message());
    return std::nullopt;
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<Entry> read_entry(const fs::path& path, const std::string& project,
                                const std::string& schema, Problems& problems) {
  const auto name = parse_revision_file_name(path.filename().string());
  if (!name) {
    note_problem(
        problems, "stray", path,
        "not named like a revision (NNNN_<slug>.sql, slug in [a-z0-9_]): recon keeps only its "
        "revisions here; move this file elsewhere");
    return std::nullopt;
  }
  Entry entry;
  entry.number = name->first;
  entry.path = path;
  const auto text = read_plan_file(path);
  if (!text) {
    note_problem(problems, "malformed", path, "cannot read the file");
    return entry;
  }
  try {
    Revision revision = parse_revision(*text, path);
    check_parsed(path, *text, revision, *name, project, schema, problems);
    entry.revision = std::move(revision);
  } catch (const InputError& e) {
    note_problem(problems, "malformed", path,
                 std::string("not a valid revision file:\n") + e.what());
  }
  return entry;
}

}  // namespace recon::chain
