#include <fmt/core.h>

#include "apply/connection.hpp"
#include "apply/errors.hpp"
#include "apply/records.hpp"
#include "apply/version_table.hpp"
#include "apply/workspace.hpp"
#include "cli/commands.hpp"
#include "cli/database_errors.hpp"
#include "cli/exit_codes.hpp"
#include "cli/plan_output.hpp"
#include "cli/replace_revision.hpp"
#include "plan/planner.hpp"
#include "plan/revision_chain.hpp"

namespace recon::cli {
namespace {

struct PlanOptions {
  std::vector<std::string> projects;
  std::optional<std::string> message;
  std::optional<bool> online;
  bool check = false;
  bool detailed_exitcode = false;
  bool replace = false;           // plan the last revision again (cli/replace_revision.hpp)
  std::vector<std::string> with;  // hand-written steps (plan/hand_written.hpp)
};

plan::Request request_for(const Context& ctx, const PlanOptions& o) {
  plan::Request request;
  request.root = ctx.root();
  request.projects = o.projects;
  request.message = o.message;
  request.online = o.online;
  request.dev_url = ctx.dev_url;
  // Only an explicit --db plans against a live database: DATABASE_URL in the environment
  // must not silently change where a revision's source state comes from.
  // With --replace, --db names the database whose version table is checked instead.
  if (ctx.db_flag && !o.replace) request.live_url = ctx.database_url();
  for (const auto& file : o.with) request.hand_written.push_back(plan::read_hand_written(file));
  return request;
}

std::filesystem::path shown_file(const plan::ProjectPlan& p, const Revision& r) {
  return std::filesystem::path("plans") / p.project.name / revision_file_name(r.number, r.slug);
}

void print_take_in(const Context& ctx, const plan::ProjectPlan& p, bool wrote) {
  fmt::print("{}", revision_text(*p.take_in, ctx.color()));
  fmt::print(
      "{}: {} {}: it takes in what was changed on the database outside recon. `recon apply` "
      "records it there without running it (the schema is already in the state it reaches) "
      "and runs it on every other database.\n\n",
      p.project.name, wrote ? "wrote" : "would write", shown_file(p, *p.take_in).string());
}

void print_plans(const Context& ctx, const std::vector<plan::ProjectPlan>& plans, bool wrote) {
  if (ctx.format() == Format::json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : plans) out.push_back(plan_json(p));
    fmt::print("{}\n", out.dump(2));
    return;
  }
  if (ctx.format() == Format::markdown) {
    fmt::print("{}", plan_markdown(plans));
    return;
  }
  for (const auto& p : plans) {
    if (p.take_in) print_take_in(ctx, p, wrote);
    if (!p.has_changes()) {
      if (ctx.db_flag)
        fmt::print("{}: no {}changes; the declaration matches the database\n", p.project.name,
                   p.take_in ? "other " : "");
      else if (p.chain.revisions.empty())
        fmt::print("{}: no changes; the declaration is empty\n", p.project.name);
      else
        fmt::print("{}: no changes; the declaration matches revision {:04}\n", p.project.name,
                   p.chain.revisions.size());
      continue;
    }
    fmt::print("{}", plan_text(p, ctx.color()));
    fmt::print("{}: {} {}\n\n", p.project.name, wrote ? "wrote" : "would write",
               shown_file(p, p.revision).string());
  }
}

// A plan against a live database takes its changes made outside recon in after the last
// revision: the database must have applied every revision (apply::take_in_refusal).
void require_database_at_head(const plan::Request& request) {
  const auto projects = apply::select_projects(request.root, request.projects);
  const std::string& url = *request.live_url;
  with_database_errors(url, [&] {
    auto conn = apply::connect(url, "recon plan");
    for (const auto& project : projects) {
      if (project.schema.empty()) continue;
      std::vector<apply::AppliedRevision> rows;
      {
        pqxx::read_transaction txn(*conn);
        rows = apply::read_version_table(txn, project.schema);
      }
      const auto records = apply::check_records(project, std::move(rows));
      if (!records.ok()) throw apply::Refused(records.explain(project));
      if (auto why = apply::take_in_refusal(project, records))
        throw apply::Refused(project.name + ": " + *why);
    }
  });
}

int run_plan(const Context& ctx, const PlanOptions& o) {
  if (!o.with.empty() && o.projects.size() != 1)
    throw CommandError{exit_code::invalid_input,
                       "--with adds SQL to the next revision of one project: name that project "
                       "(recon plan PROJECT --with FILE.sql)"};
  auto request = request_for(ctx, o);
  if (o.replace && (o.projects.size() != 1 || o.check))
    throw CommandError{exit_code::invalid_input,
                       "--replace plans the last revision of one project again: name that "
                       "project, without --check"};
  std::optional<ReplacedRevision> replaced;
  if (o.replace) replaced.emplace(ctx, request.root, o.projects.front());
  // The replaced revision's hand-written steps are planned again, unless --with gives others.
  if (replaced && o.with.empty()) request.hand_written = replaced->hand_written();
  if (request.live_url) require_database_at_head(request);
  // --check writes nothing, not even the local cache.
  const plan::Cache cache(request.root,
                          o.check ? plan::Cache::Access::read_only : plan::Cache::Access::writable);
  auto plans = plan::make_plans(request, cache);
  print_warnings(plans);
  bool any = false;
  for (const auto& p : plans) {
    for (const Revision* r : p.new_revisions()) {
      any = true;
      if (!o.check) write_revision(plan::plans_dir(request.root, p.project.name), *r);
    }
  }
  print_plans(ctx, plans, !o.check);
  if (replaced) fmt::print(stderr, "{}: {}\n", o.projects.front(), replaced->done(any));
  if (any && (o.check || o.detailed_exitcode)) return exit_code::changes;
  return exit_code::ok;
}

}  // namespace

void register_plan(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "plan",
      "Write the next revision of each project: the difference between schemas/PROJECT.toml and "
      "the state plans/PROJECT/ reaches");
  auto o = std::make_shared<PlanOptions>();
  cmd->add_option("projects", o->projects, "Projects to plan (default: every project in schemas/)");
  cmd->add_option("-m,--message", o->message,
                  "What the revision does; becomes its file name's slug");
  cmd->add_option("--online", o->online,
                  std::string(kOnlineHelp) + " (default: the project's `online`, else true)")
      ->type_name("BOOL");
  cmd->add_flag("--check", o->check,
                "Write nothing; exit 2 when a declaration has changes not yet planned (for CI)");
  cmd->add_flag("--detailed-exitcode", o->detailed_exitcode,
                "Exit 0 when nothing changed, 2 when a revision was written, 1 on error");
  cmd->add_option("--with", o->with,
                  "SQL of your own as a step of PROJECT's next revision (hazard hand-written), "
                  "placed by '-- recon: after|before <step>' lines at its top; repeatable "
                  "(docs/data.md)")
      ->type_name("FILE.sql")
      ->allow_extra_args(false);
  cmd->add_flag("--replace", o->replace,
                "Plan the last revision of PROJECT again (after it failed): refused when the "
                "version table of the database (--db, else RECON_DATABASE_URL, DATABASE_URL) "
                "records it");
  cmd->callback([&run, &ctx, o] { run = [&ctx, o] { return run_plan(ctx, *o); }; });
}

}  // namespace recon::cli
