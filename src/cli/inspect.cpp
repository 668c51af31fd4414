// recon inspect: the TOML declaration of a live schema, for adopting an existing database.
#include <fmt/core.h>

#include <fstream>
#include <pqxx/pqxx>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "declare/emit.hpp"
#include "introspect/introspect.hpp"
#include "pg/connection_url.hpp"

namespace recon::cli {
namespace {

struct InspectOptions {
  std::string schema;
  std::optional<std::string> project;
  std::vector<std::string> ignore;
  bool write = false;
};

int run_inspect(const Context& ctx, const InspectOptions& o) {
  const std::string url = ctx.database_url();
  Catalog catalog;
  try {
    pqxx::connection conn(url);
    introspect::Options options;
    options.ignored = o.ignore;
    catalog = introspect::introspect_schema(conn, o.schema, options);
  } catch (const pqxx::broken_connection& e) {
    throw CommandError{exit_code::error, "cannot connect to " + pg::redact(url) + ": " +
                                             pg::redact_in(e.what(), url)};
  }
  if (!catalog.schema_exists) {
    throw CommandError{exit_code::invalid_input,
                       "schema '" + o.schema + "' does not exist in " + pg::redact(url)};
  }
  catalog.ignored = o.ignore;
  for (const auto& u : catalog.unsupported) {
    fmt::print(stderr,
               "warning: {} {} cannot be declared yet: it is left out of the TOML (recon leaves it "
               "alone)\n",
               u.kind, u.name);
  }
  const std::string toml = declare::emit_toml(catalog);
  if (!o.write) {
    fmt::print("{}", toml);
    return exit_code::ok;
  }
  const auto file = ctx.root() / "schemas" / (o.project.value_or(o.schema) + ".toml");
  if (std::filesystem::exists(file)) {
    throw CommandError{
        exit_code::refused,
        file.string() + " already exists: remove it first, or inspect without --write"};
  }
  std::ofstream(file) << toml;
  fmt::print("wrote {}\n", file.string());
  return exit_code::ok;
}

}  // namespace

void register_inspect(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "inspect",
      "Print (or --write) the TOML declaration of a live schema, to adopt an existing database");
  auto o = std::make_shared<InspectOptions>();
  cmd->add_option("--schema", o->schema, "The Postgres schema to read")->required();
  cmd->add_option("--project", o->project, "Project name for --write (default: the schema name)");
  cmd->add_option("--ignore", o->ignore, "Relations to leave out and alone (e.g. alembic_version)");
  cmd->add_flag("--write", o->write, "Write schemas/PROJECT.toml instead of printing");
  cmd->callback([&run, &ctx, o] { run = [&ctx, o] { return run_inspect(ctx, *o); }; });
}

}  // namespace recon::cli
