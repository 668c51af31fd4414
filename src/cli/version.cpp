#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "recon_config.hpp"

namespace recon::cli {

void register_version(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand("version", "Print recon's version");
  cmd->callback([&run, &ctx] {
    run = [&ctx] {
      if (ctx.format() == Format::json) {
        fmt::print("{}\n", nlohmann::json{{"version", RECON_VERSION}}.dump());
      } else {
        fmt::print("recon {}\n", RECON_VERSION);
      }
      return 0;
    };
  });
}

}  // namespace recon::cli
