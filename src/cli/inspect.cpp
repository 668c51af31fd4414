#include "cli/commands.hpp"

namespace recon::cli {

void register_inspect(CLI::App& app, Context&, Runner& run) {
  auto* cmd = app.add_subcommand("inspect", "Write the TOML declaration of a live schema (adopting an existing database)");
  cmd->callback([&run] { run = [] { return not_built_yet("inspect", "6"); }; });
}

}  // namespace recon::cli
