// A first word that is no recon command: people coming from Alembic type its commands
// (`upgrade`, `current`, `downgrade`, `stamp`, `revision`); recon names its own equivalent
// instead of CLI11's "The following arguments were not expected".
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace recon::cli {

// The message for an unknown command on this command line (the recon equivalent of an
// Alembic command, or the closest command), or nullopt when the command is known or none is
// given.
std::optional<std::string> unknown_command_hint(int argc, const char* const* argv,
                                                const CLI::App& app);

}  // namespace recon::cli
