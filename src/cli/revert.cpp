// recon revert PROJECT --to N: plan a new forward revision back to the state revision N
// reaches. History is never edited: the revert is reviewed, committed and applied like any
// revision, with the hazards of its direction (dropping what later revisions added loses data,
// so apply refuses it without --allow-hazards data-loss).
#include <fmt/core.h>

#include <set>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plan_output.hpp"
#include "plan/planner.hpp"
#include "plan/revision_chain.hpp"

namespace recon::cli {
namespace {

struct RevertOptions {
  std::string project;
  int to = 0;
  std::optional<std::string> message;
};

// What the user must know next: the hazards apply will ask for, and the declaration.
void print_next_steps(const plan::ProjectPlan& p, const RevertOptions& o) {
  std::set<std::string> kinds;
  for (const auto& step : p.revision.plan.steps)
    for (const auto& h : step.hazards) kinds.insert(h.kind);
  std::string list;
  for (const auto& k : kinds) list += (list.empty() ? "" : ",") + k;
  if (!list.empty())
    fmt::print(
        "{}: its steps have hazards ({}): `recon apply` refuses it until you allow them "
        "by name (--allow-hazards {}) after review.\n",
        o.project, list, list);
  fmt::print(
      "{}: schemas/{}.toml still declares the later state: make it declare revision {:04}'s "
      "state (for example restore it from the commit that planned that revision), or the next "
      "`recon plan` plans the reverted changes again.\n",
      o.project, o.project, o.to);
}

int run_revert(const Context& ctx, const RevertOptions& o) {
  plan::Request request;
  request.root = ctx.root();
  request.projects = {o.project};
  request.message = o.message;
  request.dev_url = ctx.dev_url;
  request.revert_to = o.to;
  const plan::Cache cache(request.root, plan::Cache::Access::writable);
  const auto plans = plan::make_plans(request, cache);
  print_warnings(plans);
  for (const auto& p : plans) {
    if (!p.has_changes()) {
      fmt::print("{}: no changes; revision {:04} reaches the state revision {:04} reaches\n",
                 p.project.name, p.chain.revisions.back().number, o.to);
      continue;
    }
    write_revision(plan::plans_dir(request.root, p.project.name), p.revision);
    fmt::print("{}", plan_text(p, ctx.color()));
    fmt::print("{}: wrote plans/{}/{}: back to the state of revision {:04}\n", p.project.name,
               p.project.name, revision_file_name(p.revision.number, p.revision.slug), o.to);
    print_next_steps(p, o);
  }
  return exit_code::ok;
}

}  // namespace

void register_revert(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "revert",
      "Plan a new revision that takes the schema back to the state revision N reaches (Alembic's "
      "downgrade, as a forward revision: history is never edited)");
  auto o = std::make_shared<RevertOptions>();
  cmd->add_option("project", o->project, "The project")->required();
  cmd->add_option("--to", o->to, "The revision whose state to go back to (0: before the first)")
      ->required();
  cmd->add_option("-m,--message", o->message,
                  "What the revision does; becomes its file name's slug (default: revert_to_NNNN)");
  cmd->callback([&run, &ctx, o] { run = [&ctx, o] { return run_revert(ctx, *o); }; });
}

}  // namespace recon::cli
