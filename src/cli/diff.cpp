// recon diff: an ad-hoc comparison of two databases, or of a database and a declaration (staging
// against production, say): the ordered, hazard-annotated SQL that would take --from to --to.
// Nothing is written and neither side is changed.
#include <fmt/core.h>

#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "catalog/diagnostic.hpp"
#include "cli/commands.hpp"
#include "cli/database_errors.hpp"
#include "cli/plan_output.hpp"
#include "declare/declare.hpp"
#include "diff/diff.hpp"
#include "introspect/introspect.hpp"
#include "pg/connection_url.hpp"
#include "pg/dev_server.hpp"
#include "plan/normalize.hpp"
#include "plan/order.hpp"
#include "plan/revision_file.hpp"

namespace recon::cli {
namespace {

struct DiffArgs {
  std::string from;
  std::string to;
  std::optional<std::string> schema;
  bool online = true;
  bool detailed_exitcode = false;
};

// A connection URL or libpq key=value string, as opposed to a project name.
bool is_database(const std::string& spec) {
  return spec.starts_with("postgres://") || spec.starts_with("postgresql://") ||
         spec.find('=') != std::string::npos;
}

std::optional<declare::Project> project_of(const Context& ctx, const std::string& spec) {
  if (is_database(spec)) return std::nullopt;
  return declare::load_projects(ctx.root() / "schemas", {spec}).front();
}

Catalog read_side(const std::string& spec, const std::optional<declare::Project>& project,
                  const std::string& schema, const introspect::Options& options,
                  std::unique_ptr<pg::DevServer>& dev, const Context& ctx) {
  if (project) {
    if (!dev) dev = std::make_unique<pg::DevServer>(ctx.dev_url);
    return plan::normalize(project->catalog, *dev);
  }
  return with_database_errors(spec, [&] {
    pqxx::connection conn(pg::to_libpq(spec));
    return introspect::introspect_schema(conn, schema, options);
  });
}

std::string display(const std::string& spec) {
  return is_database(spec) ? pg::redact(spec) : "project " + spec;
}

int run_diff(const Context& ctx, const DiffArgs& args) {
  const auto from_project = project_of(ctx, args.from);
  const auto to_project = project_of(ctx, args.to);
  // The schema compared on a database side: --schema, else the project's on the other side.
  std::string schema = args.schema.value_or("");
  // A database side is read as the projects govern their schema.
  introspect::Options ignored;
  for (const auto* p : {&from_project, &to_project}) {
    if (!*p) continue;
    if (schema.empty()) schema = (*p)->catalog.schema;
    const auto& names = (*p)->catalog.ignored;
    ignored.ignored.insert(ignored.ignored.end(), names.begin(), names.end());
    ignored.privileges = ignored.privileges || (*p)->catalog.manages_privileges;
  }
  if (schema.empty())
    throw CommandError{exit_code::usage,
                       "diff: --schema NAME is needed when both sides are databases"};

  // A database side is read on its own connection while the other side is read: the time is
  // mostly the servers' catalog queries, and both servers (or both backends) work at once.
  std::unique_ptr<pg::DevServer> dev;
  std::future<Catalog> from_read;
  if (!from_project) {
    from_read = std::async(std::launch::async, [&] {
      std::unique_ptr<pg::DevServer> unused;
      return read_side(args.from, from_project, schema, ignored, unused, ctx);
    });
  }
  Catalog to = read_side(args.to, to_project, schema, ignored, dev, ctx);
  Catalog from = from_read.valid() ? from_read.get()
                                   : read_side(args.from, from_project, schema, ignored, dev, ctx);
  // The SQL is for the --from side: it runs in that side's schema.
  const std::string target_schema = from_project ? from.schema : schema;
  from.schema = target_schema;
  to.schema = target_schema;
  const auto ordered = plan::order(diff::diff(from, to, {args.online}));

  const std::vector<Step> steps = steps_of(ordered.changes);
  if (ctx.format() == Format::json) {
    const nlohmann::json out = {{"from", display(args.from)},
                                {"to", display(args.to)},
                                {"schema", target_schema},
                                {"steps", steps_json(steps)}};
    fmt::print("{}\n", out.dump(2));
  } else if (steps.empty()) {
    fmt::print("-- recon diff: no differences between {} and {} (schema {})\n", display(args.from),
               display(args.to), target_schema);
  } else {
    fmt::print("-- recon diff: from {}\n--             to {}\n--\n{}", display(args.from),
               display(args.to), render_steps(target_schema, steps));
  }
  return args.detailed_exitcode && !steps.empty() ? exit_code::changes : exit_code::ok;
}

}  // namespace

void register_diff(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "diff",
      "Print the ordered SQL, with hazards, that takes --from to --to (databases or projects); "
      "writes nothing");
  auto args = std::make_shared<DiffArgs>();
  cmd->add_option("--from", args->from, "A database URL, or a project of the workspace")
      ->required();
  cmd->add_option("--to", args->to, "A database URL, or a project of the workspace")->required();
  cmd->add_option("--schema", args->schema,
                  "The schema to compare on the database side(s) (default: the project's)");
  cmd->add_option("--online", args->online, kOnlineHelp)->type_name("BOOL");
  cmd->add_flag("--detailed-exitcode", args->detailed_exitcode, "Exit 2 when the sides differ");
  cmd->callback([&run, &ctx, args] { run = [&ctx, args] { return run_diff(ctx, *args); }; });
}

}  // namespace recon::cli
