// recon verify: offline checks of the whole workspace, for CI and pre-commit hooks.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <fmt/ranges.h>

#include <map>

#include "catalog/diagnostic.hpp"
#include "catalog/privileges.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "declare/cross_project.hpp"
#include "declare/declare.hpp"
#include "plan/planner.hpp"
#include "plan/revision_chain.hpp"

namespace recon::cli {
namespace {

struct Finding {
  std::string project;
  std::string kind;
  std::string message;
};

// The roles each project's declaration names, for the projects that name some.
using Roles = std::map<std::string, std::vector<std::string>>;

std::vector<Finding> verify_workspace(const std::filesystem::path& root,
                                      const std::vector<std::string>& only, Roles& roles) {
  std::vector<Finding> findings;
  std::vector<declare::Project> projects;
  try {
    projects = declare::load_projects(root / "schemas", only);
    std::vector<const declare::Project*> loaded;
    for (const auto& p : projects) loaded.push_back(&p);
    declare::check_cross_project_references(loaded);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) findings.push_back({"", "declaration", d.to_string()});
    return findings;
  }
  for (const auto& project : projects) {
    if (auto named = required_roles(project.catalog); !named.empty())
      roles[project.name] = std::move(named);
    const Chain chain =
        read_chain(plan::plans_dir(root, project.name), project.name, project.catalog.schema);
    for (const auto& p : chain.problems) findings.push_back({project.name, p.kind, p.message});
  }
  return findings;
}

int run_verify(const Context& ctx, const std::vector<std::string>& only) {
  Roles roles;
  const auto findings = verify_workspace(ctx.root(), only, roles);
  if (ctx.format() == Format::json) {
    nlohmann::json out = {
        {"ok", findings.empty()}, {"problems", nlohmann::json::array()}, {"roles", roles}};
    for (const auto& f : findings) {
      out["problems"].push_back({{"project", f.project}, {"kind", f.kind}, {"message", f.message}});
    }
    fmt::print("{}\n", out.dump(2));
  } else if (findings.empty()) {
    fmt::print("ok: declarations are valid and every revision is intact and chained\n");
    for (const auto& [project, named] : roles)
      fmt::print("{} needs roles (they must exist where it is applied): {}\n", project,
                 fmt::join(named, ", "));
  } else {
    for (const auto& f : findings) fmt::print(stderr, "{}\n", f.message);
    fmt::print(stderr, "{} problem(s)\n", findings.size());
  }
  return findings.empty() ? exit_code::ok : exit_code::invalid_input;
}

}  // namespace

void register_verify(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "verify",
      "Check offline that declarations are valid and revision files are unedited, numbered "
      "without gaps and chained (no database needed)");
  auto projects = std::make_shared<std::vector<std::string>>();
  cmd->add_option("projects", *projects, "Projects to check (default: all)");
  cmd->callback(
      [&run, &ctx, projects] { run = [&ctx, projects] { return run_verify(ctx, *projects); }; });
}

}  // namespace recon::cli
