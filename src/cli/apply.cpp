#include "cli/commands.hpp"

namespace recon::cli {

void register_apply(CLI::App& app, Context&, Runner& run) {
  auto* cmd = app.add_subcommand("apply", "Apply pending revisions to a database, one transaction each, recorded in \"<schema>\".recon_revisions");
  cmd->callback([&run] { run = [] { return not_built_yet("apply", "5"); }; });
}

}  // namespace recon::cli
