#include "cli/commands.hpp"

namespace recon::cli {

void register_graph(CLI::App& app, Context&, Runner& run) {
  auto* cmd = app.add_subcommand("graph", "Print the dependency graph of the next plan as Graphviz DOT");
  cmd->callback([&run] { run = [] { return not_built_yet("graph", "4"); }; });
}

}  // namespace recon::cli
