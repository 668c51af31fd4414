// Each command registers itself on the CLI11 app; one file per command.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/context.hpp"

namespace recon::cli {

// A registered command runs later, after parsing, and returns the process exit code.
using Runner = std::function<int()>;

void register_plan(CLI::App& app, Context& ctx, Runner& run);
void register_apply(CLI::App& app, Context& ctx, Runner& run);
void register_status(CLI::App& app, Context& ctx, Runner& run);
void register_history(CLI::App& app, Context& ctx, Runner& run);
void register_inspect(CLI::App& app, Context& ctx, Runner& run);
void register_init(CLI::App& app, Context& ctx, Runner& run);
void register_verify(CLI::App& app, Context& ctx, Runner& run);
void register_graph(CLI::App& app, Context& ctx, Runner& run);
void register_diff(CLI::App& app, Context& ctx, Runner& run);
void register_version(CLI::App& app, Context& ctx, Runner& run);
void register_revert(CLI::App& app, Context& ctx, Runner& run);
void register_rebase(CLI::App& app, Context& ctx, Runner& run);
void register_show(CLI::App& app, Context& ctx, Runner& run);
// `recon man` and `recon completion bash|zsh`: generated from `app` as registered.
void register_reference(CLI::App& app, Context& ctx, Runner& run);

// For commands whose issue has not landed: says so and exits 1.
int not_built_yet(const std::string& command, const std::string& issue);

}  // namespace recon::cli
