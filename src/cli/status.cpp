// recon status: applied and pending revisions, drift and edited revisions of each project.
#include <fmt/core.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "apply/connection.hpp"
#include "apply/status.hpp"
#include "apply/workspace.hpp"
#include "cli/commands.hpp"
#include "cli/database_errors.hpp"
#include "cli/plan_output.hpp"
#include "pg/dev_server.hpp"
#include "plan/planner.hpp"

namespace recon::cli {
namespace {

struct StatusArgs {
  std::vector<std::string> projects;
  bool detailed_exitcode = false;
};

int run_status(const Context& ctx, const StatusArgs& args) {
  const auto projects = apply::select_projects(ctx.root(), args.projects);
  const std::string url = ctx.database_url();
  // One dev server for everything status rebuilds: the drift's expected states and the plans
  // of the declarations' unplanned changes. It starts only if one of them needs it.
  pg::DevServer dev(ctx.dev_url);
  // Status writes nothing, not even the local cache.
  const plan::Cache cache(ctx.root(), plan::Cache::Access::read_only);
  apply::StatusOptions options;
  options.dev = &dev;
  options.unplanned = [&](const apply::Project& project) {
    std::vector<std::string> changes;
    if (!project.declaration) return changes;
    plan::Request request;
    request.root = ctx.root();
    request.projects = {project.name};
    const auto plans = plan::make_plans(request, dev, cache);
    print_warnings(plans);
    for (const auto& plan : plans)
      for (const auto& change : plan.ordered.changes) changes.push_back(change.summary);
    return changes;
  };
  const auto statuses = with_database_errors(url, [&] {
    auto conn = apply::connect(url, "recon status");
    std::vector<apply::ProjectStatus> out;
    for (const auto& project : projects)
      out.push_back(apply::project_status(*conn, project, options));
    return out;
  });
  bool all_up_to_date = true;
  nlohmann::json json = nlohmann::json::array();
  for (const auto& s : statuses) {
    all_up_to_date = all_up_to_date && s.up_to_date();
    if (ctx.format() == Format::json)
      json.push_back(apply::to_json(s));
    else
      fmt::print("{}", apply::to_text(s));
  }
  if (ctx.format() == Format::json) fmt::print("{}\n", nlohmann::json{{"projects", json}}.dump(2));
  if (args.detailed_exitcode && !all_up_to_date) return exit_code::changes;
  return exit_code::ok;
}

}  // namespace

void register_status(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "status", "Show applied and pending revisions, drift, and unplanned changes of each project");
  auto args = std::make_shared<StatusArgs>();
  cmd->add_option("projects", args->projects, "Projects to show (default: every project)");
  cmd->add_flag("--detailed-exitcode", args->detailed_exitcode,
                "Exit 2 when a project is not up to date (pending, drifted, edited)");
  cmd->callback([&run, &ctx, args] { run = [&ctx, args] { return run_status(ctx, *args); }; });
}

}  // namespace recon::cli
