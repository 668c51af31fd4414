#include "cli/command_hints.hpp"

#include <map>
#include <vector>

#include "catalog/diagnostic.hpp"

namespace recon::cli {
namespace {

struct Equivalent {
  std::string command;
  std::string note;
};

// Alembic's commands (and `help`), and what recon does instead.
const std::map<std::string, Equivalent>& equivalents() {
  static const std::map<std::string, Equivalent> table = {
      {"upgrade", {"recon apply", "applies every pending revision (`--to N` stops at N)"}},
      {"current", {"recon status", "shows the last revision applied, pending ones and drift"}},
      {"downgrade",
       {"recon revert",
        "plans a new forward revision back to revision N's state; recon "
        "never rolls history back"}},
      {"stamp",
       {"recon apply --baseline N", "records revisions 1..N as applied without running them"}},
      {"revision", {"recon plan", "writes the next revision from the declaration (`-m` names it)"}},
      {"migrate", {"recon apply", "applies every pending revision"}},
      {"makemigrations", {"recon plan", "writes the next revision from the declaration"}},
      {"heads",
       {"recon history",
        "shows the revisions applied to the database, with who, when and how long"}},
      {"help", {"recon --help", "lists the commands; `recon COMMAND --help` shows one"}},
  };
  return table;
}

// The value options of the top-level command: their values are no command name.
bool takes_value(const std::string& arg) {
  return arg == "--db" || arg == "--dev-url" || arg == "--root" || arg == "--format";
}

}  // namespace

std::optional<std::string> unknown_command_hint(int argc, const char* const* argv,
                                                const CLI::App& app) {
  std::string word;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") return std::nullopt;
    if (arg.starts_with("-")) {
      if (takes_value(arg)) ++i;
      continue;
    }
    word = arg;
    break;
  }
  if (word.empty()) return std::nullopt;
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->check_name(word)) return std::nullopt;
    commands.push_back(sub->get_name());
  }
  const auto equivalent = equivalents().find(word);
  if (equivalent != equivalents().end())
    return "unknown command '" + word + "': recon's equivalent is `" + equivalent->second.command +
           "`, which " + equivalent->second.note;
  return "unknown command '" + word + "'" + did_you_mean(word, commands) +
         ": `recon --help` lists the commands";
}

}  // namespace recon::cli
