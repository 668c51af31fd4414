// recon show: committed revisions as a reviewer reads them, for a pull-request comment
// (--format markdown), a program (json) or a terminal (text, the file itself).
#include <fmt/core.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "apply/workspace.hpp"
#include "catalog/diagnostic.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/revision_output.hpp"
#include "plan/revision_file.hpp"

namespace recon::cli {
namespace {

namespace fs = std::filesystem;

// A revision file as given, checked: a file edited since it was planned is not what was
// reviewed, and is refused.
Revision read_revision(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CommandError{exit_code::invalid_input, file.string() + ": cannot read this file"};
  std::ostringstream text;
  text << in.rdbuf();
  Revision r = parse_revision(text.str(), file);
  if (!checksum_matches(text.str()))
    throw CommandError{exit_code::invalid_input,
                       file.string() +
                           ": the checksum does not match the content: the file was edited "
                           "after recon planned it (recon verify says more)"};
  return r;
}

// FILE... when the first argument names a file, else PROJECT [N...] (default: its last
// revision).
std::vector<fs::path> revision_files(const Context& ctx, const std::vector<std::string>& args) {
  if (args.empty()) throw CommandError{exit_code::usage, "show: name revision files, or a project"};
  const bool files = fs::is_regular_file(args.front()) || args.front().ends_with(".sql");
  if (files) return {args.begin(), args.end()};
  const auto project = apply::select_projects(ctx.root(), {args.front()}).front();
  if (project.head() == 0)
    throw CommandError{exit_code::invalid_input,
                       "project " + project.name + " has no revisions in " +
                           project.plans_dir.string() + " (recon plan writes them)"};
  std::vector<int> numbers;
  for (auto at = args.begin() + 1; at != args.end(); ++at) {
    try {
      std::size_t used = 0;
      numbers.push_back(std::stoi(*at, &used));
      if (used != at->size()) throw std::invalid_argument(*at);
    } catch (const std::logic_error&) {
      throw CommandError{exit_code::usage, "show: '" + *at + "' is not a revision number"};
    }
  }
  if (numbers.empty()) numbers.push_back(project.head());
  std::vector<fs::path> out;
  for (int n : numbers) {
    const Revision* r = project.revision(n);
    if (r == nullptr)
      throw CommandError{exit_code::invalid_input,
                         fmt::format("project {} has no revision {} (its revisions: 1 to {})",
                                     project.name, n, project.head())};
    out.push_back(r->file);
  }
  return out;
}

int run_show(const Context& ctx, const std::vector<std::string>& args) {
  std::vector<Revision> revisions;
  for (const auto& file : revision_files(ctx, args)) revisions.push_back(read_revision(file));
  if (ctx.format() == Format::json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : revisions) list.push_back(revision_json(r));
    fmt::print("{}\n", nlohmann::json{{"revisions", list}}.dump(2));
  } else if (ctx.format() == Format::markdown) {
    fmt::print("### recon: {} revision{} to review\n\n", revisions.size(),
               revisions.size() == 1 ? "" : "s");
    for (const auto& r : revisions) fmt::print("{}", revision_markdown(r));
  } else {
    for (std::size_t i = 0; i < revisions.size(); ++i)
      fmt::print("{}{}", i ? "\n" : "", revision_text(revisions[i], ctx.color()));
  }
  return exit_code::ok;
}

}  // namespace

void register_show(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "show",
      "Show committed revisions for review: the summary, every hazard with its reason and the "
      "SQL (--format markdown for a pull-request comment, json for programs)");
  auto args = std::make_shared<std::vector<std::string>>();
  cmd->add_option("revisions", *args,
                  "Revision files (plans/PROJECT/NNNN_slug.sql ...), or PROJECT [N...] "
                  "(default N: its last revision)")
      ->type_name("FILE...|PROJECT [N...]");
  cmd->callback([&run, &ctx, args] { run = [&ctx, args] { return run_show(ctx, *args); }; });
}

}  // namespace recon::cli
