// recon: declarative schema-state reconciler for PostgreSQL.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "catalog/diagnostic.hpp"
#include "cli/command_hints.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"

int main(int argc, char** argv) {
  using namespace recon::cli;
  CLI::App app{
      "recon: declare the schema each project wants in TOML; recon plans the difference as "
      "reviewed, numbered revision files and applies them with version tracking per schema."};
  app.name("recon");
  app.require_subcommand(1);
  app.fallthrough();
  Context ctx;

  Runner run;
  register_plan(app, ctx, run);
  register_apply(app, ctx, run);
  register_status(app, ctx, run);
  register_history(app, ctx, run);
  register_inspect(app, ctx, run);
  register_init(app, ctx, run);
  register_verify(app, ctx, run);
  register_graph(app, ctx, run);
  register_diff(app, ctx, run);
  register_version(app, ctx, run);
  register_revert(app, ctx, run);
  register_rebase(app, ctx, run);
  register_show(app, ctx, run);
  register_reference(app, ctx, run);
  add_common_options(app, ctx);

  if (const auto hint = unknown_command_hint(argc, argv, app)) {
    fmt::print(stderr, "recon: {}\n", *hint);
    return recon::exit_code::usage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return recon::exit_code::usage;
  }

  try {
    for (const auto* command : app.get_subcommands()) check_format(ctx, command->get_name());
    return run ? run() : recon::exit_code::usage;
  } catch (const CommandError& e) {
    fmt::print(stderr, "recon: {}\n", e.message);
    return e.code;
  } catch (const recon::InputError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return recon::exit_code::invalid_input;
  } catch (const std::exception& e) {
    fmt::print(stderr, "recon: {}\n", e.what());
    return recon::exit_code::error;
  }
}
