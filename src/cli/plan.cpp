#include "cli/commands.hpp"

namespace recon::cli {

void register_plan(CLI::App& app, Context&, Runner& run) {
  auto* cmd = app.add_subcommand("plan", "Write the next revision: the difference between schemas/PROJECT.toml and the state plans/PROJECT/ reaches");
  cmd->callback([&run] { run = [] { return not_built_yet("plan", "4"); }; });
}

}  // namespace recon::cli
