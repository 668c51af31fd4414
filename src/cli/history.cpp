// recon history: the revisions applied to a database, with who, when and how long.
#include <fmt/core.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "apply/connection.hpp"
#include "apply/records.hpp"
#include "apply/status.hpp"
#include "apply/version_table.hpp"
#include "apply/workspace.hpp"
#include "catalog/identifier.hpp"
#include "cli/commands.hpp"
#include "cli/database_errors.hpp"

namespace recon::cli {
namespace {

std::string duration_text(const apply::AppliedRevision& r) {
  if (!r.duration_ms) return "-";
  return std::to_string(*r.duration_ms) + " ms";
}

int run_history(const Context& ctx, const std::string& name) {
  const auto projects = apply::select_projects(ctx.root(), {name});
  const auto& project = projects.front();
  if (project.schema.empty())
    throw CommandError{exit_code::invalid_input,
                       "project " + name +
                           " has no revisions and no declaration naming its "
                           "schema: there is no history to show"};
  const std::string url = ctx.database_url();
  const auto rows = with_database_errors(url, [&] {
    auto conn = apply::connect(url, "recon history");
    pqxx::read_transaction txn(*conn);
    return apply::read_version_table(txn, project.schema);
  });
  if (ctx.format() == Format::json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : rows) list.push_back(apply::to_json(r));
    fmt::print(
        "{}\n",
        nlohmann::json{{"project", project.name}, {"schema", project.schema}, {"revisions", list}}
            .dump(2));
    return exit_code::ok;
  }
  if (rows.empty()) {
    fmt::print("{}: no revision applied to schema {}\n", project.name, quote_ident(project.schema));
    return exit_code::ok;
  }
  std::size_t name_width = 8;
  std::size_t user_width = 10;
  for (const auto& r : rows) {
    name_width = std::max(name_width, apply::revision_name(r.number, r.slug).size());
    user_width = std::max(user_width, r.applied_by.size());
  }
  fmt::print("{:<{}}  {:<20}  {:<{}}  {:>10}  {}\n", "revision", name_width, "applied at (UTC)",
             "applied by", user_width, "duration", "state");
  for (const auto& r : rows)
    fmt::print("{:<{}}  {:<20}  {:<{}}  {:>10}  {}\n", apply::revision_name(r.number, r.slug),
               name_width, r.applied_at, r.applied_by, user_width, duration_text(r),
               r.state == apply::row_state::partial
                   ? "partial (" + std::to_string(r.steps_done) + " steps done)"
                   : r.state);
  return exit_code::ok;
}

}  // namespace

void register_history(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand("history",
                                 "List the revisions applied to a database: who, when, how long");
  auto project = std::make_shared<std::string>();
  cmd->add_option("project", *project, "The project")->required();
  cmd->callback(
      [&run, &ctx, project] { run = [&ctx, project] { return run_history(ctx, *project); }; });
}

}  // namespace recon::cli
