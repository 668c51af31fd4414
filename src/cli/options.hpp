// The options every command takes (--db, --dev-url, --root, --format, --no-color), and the output
// formats each command honours: a --format a command cannot honour is refused, never ignored.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/context.hpp"

namespace recon::cli {

// The group the common options are listed under in each command's help.
inline constexpr const char* kCommonGroup = "Common options";

// Adds the common options to `app` (the top level, so that they may come before the command)
// and to each of its commands (so that `recon COMMAND --help` lists them, with the formats that
// command honours). Call after every command is registered.
void add_common_options(CLI::App& app, Context& ctx);

// The formats `command` honours, "text" first: every command honours text (its natural output:
// a revision, TOML, DOT...). A command missing from the table honours text only.
std::vector<std::string> formats_of(const std::string& command);

// Refuses (CommandError, exit 64) a --format that `command` does not honour.
void check_format(const Context& ctx, const std::string& command);

}  // namespace recon::cli
