#include "cli/commands.hpp"

namespace recon::cli {

void register_status(CLI::App& app, Context&, Runner& run) {
  auto* cmd = app.add_subcommand("status", "Show applied and pending revisions, drift, and unplanned changes of each project");
  cmd->callback([&run] { run = [] { return not_built_yet("status", "5"); }; });
}

}  // namespace recon::cli
