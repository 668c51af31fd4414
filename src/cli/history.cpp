#include "cli/commands.hpp"

namespace recon::cli {

void register_history(CLI::App& app, Context&, Runner& run) {
  auto* cmd = app.add_subcommand("history", "List the revisions applied to a database: who, when, how long");
  cmd->callback([&run] { run = [] { return not_built_yet("history", "5"); }; });
}

}  // namespace recon::cli
