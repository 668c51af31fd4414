// recon rebase PROJECT: after a git merge left two revisions planned from the same parent, keep
// one (the one a database has applied, with --db; else --keep; else the one git merged first)
// and plan the other again on top of it. Says what it kept, removed and wrote, and why.
#include <fmt/core.h>

#include "apply/connection.hpp"
#include "apply/records.hpp"
#include "apply/version_table.hpp"
#include "apply/workspace.hpp"
#include "cli/commands.hpp"
#include "cli/database_errors.hpp"
#include "cli/exit_codes.hpp"
#include "plan/merge_order.hpp"
#include "plan/rebase.hpp"

namespace recon::cli {
namespace {

struct RebaseOptions {
  std::string project;
  std::optional<std::string> keep;  // a file name, or NNNN_slug
};

std::string name_of(const Revision& r) {
  return apply::revision_name(r.number, r.slug);
}

struct Choice {
  const Revision* kept = nullptr;
  std::string why;
};

Choice by_keep_option(const plan::Fork& fork, const std::string& keep) {
  const std::string wanted = std::filesystem::path(keep).filename().string();
  for (const Revision* head : fork.heads)
    if (head->file.filename() == wanted || name_of(*head) == wanted) return {head, "--keep"};
  std::string names;
  for (const Revision* head : fork.heads) names += " " + head->file.filename().string();
  throw CommandError{exit_code::invalid_input,
                     "--keep " + keep + ": not one of the forked revisions:" + names};
}

// The head the database records (with its checksum), if any.
Choice by_database(const Context& ctx, const apply::Project& project, const plan::Fork& fork) {
  const std::string url = ctx.database_url();
  const auto rows = with_database_errors(url, [&] {
    auto conn = apply::connect(url, "recon rebase");
    pqxx::read_transaction txn(*conn);
    return apply::read_version_table(txn, project.schema);
  });
  for (const Revision* head : fork.heads)
    for (const auto& row : rows)
      if (row.number == head->number && row.checksum == head->checksum)
        return {head, "the database has applied it"};
  return {};
}

Choice by_git(const std::filesystem::path& root, const plan::Fork& fork) {
  std::vector<std::filesystem::path> files;
  for (const Revision* head : fork.heads) files.push_back(head->file);
  const auto first = plan::merged_first(root, files);
  if (!first) return {};
  return {fork.heads[first->index], "merged first, in commit " + first->commit};
}

void refuse_other_problems(const apply::Project& project) {
  std::string others;
  for (const auto& p : project.chain.problems)
    if (p.kind != "fork") others += "\n" + p.message;
  if (!others.empty())
    throw CommandError{exit_code::invalid_input,
                       "the revisions of " + project.name +
                           " have problems recon rebase does not mend; fix them first:" + others};
}

int run_rebase(const Context& ctx, const RebaseOptions& o) {
  const auto projects = apply::select_projects(ctx.root(), {o.project});
  const apply::Project& project = projects.front();
  refuse_other_problems(project);
  const auto fork = plan::find_fork(project.chain);
  if (!fork) {
    fmt::print("{}: no two revisions share a parent: nothing to rebase\n", project.name);
    return exit_code::ok;
  }
  Choice choice;
  if (ctx.db_flag) choice = by_database(ctx, project, *fork);
  if (!choice.kept && o.keep) choice = by_keep_option(*fork, *o.keep);
  if (!choice.kept) choice = by_git(ctx.root(), *fork);
  if (!choice.kept) {
    std::string names;
    for (const Revision* head : fork->heads) names += " " + head->file.filename().string();
    throw CommandError{
        exit_code::invalid_input,
        project.name + ": cannot tell which of" + names +
            " to keep: " + (ctx.db_flag ? "the database has applied none of them, and " : "") +
            "git does not tell which was merged first (not a git work tree, or not committed "
            "yet): pass --keep FILE"};
  }
  plan::Request request;
  request.root = ctx.root();
  request.projects = {project.name};
  request.dev_url = ctx.dev_url;
  const plan::Cache cache(request.root, plan::Cache::Access::writable);
  const auto rebased = plan::rebase(request, project.chain, *fork, *choice.kept, cache);

  const auto shown = [&](const std::filesystem::path& file) {
    return "plans/" + project.name + "/" + file.filename().string();
  };
  fmt::print("{}: kept {} ({})\n", project.name, shown(choice.kept->file), choice.why);
  for (const auto& file : rebased.removed)
    fmt::print("{}: removed {}\n", project.name, shown(file));
  if (rebased.replanned)
    fmt::print("{}: wrote {}: the declaration planned again on top of {}\n", project.name,
               shown(revision_file_name(rebased.replanned->number, rebased.replanned->slug)),
               name_of(*plan::branch_of(project.chain, *choice.kept).back()));
  else
    fmt::print("{}: nothing left to plan: the kept revisions have every declared change\n",
               project.name);
  fmt::print(
      "{}: review and commit the result. A database that applied a removed revision (a "
      "developer's own) no longer matches the revisions: rebuild it (drop schema, recon apply).\n",
      project.name);
  return exit_code::ok;
}

}  // namespace

void register_rebase(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "rebase",
      "After a merge left two revisions planned from the same parent: keep one (the one the "
      "database given with --db has applied, else --keep, else the one git merged first) and "
      "plan the other again on top of it");
  auto o = std::make_shared<RebaseOptions>();
  cmd->add_option("project", o->project, "The project")->required();
  cmd->add_option("--keep", o->keep, "The revision file to keep (when no database or git tells)");
  cmd->callback([&run, &ctx, o] { run = [&ctx, o] { return run_rebase(ctx, *o); }; });
}

}  // namespace recon::cli
