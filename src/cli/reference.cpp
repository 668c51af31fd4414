// recon man, recon completion bash|zsh: the man page and the shell completions, generated from
// the command line as registered, so that they list what the parser accepts. The build runs them
// (packaging/meson.build) and `meson install` installs what they print.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/options.hpp"
#include "recon_config.hpp"

namespace recon::cli {
namespace {

using Options = std::vector<const CLI::Option*>;

std::vector<const CLI::App*> commands_of(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

// The options of `command` listed in its help (the common ones included), without --help.
Options options_of(const CLI::App& command, bool positional) {
  return command.get_options([positional](const CLI::Option* o) {
    return o->get_positional() == positional && o->get_lnames() != std::vector<std::string>{"help"};
  });
}

std::string option_names(const CLI::Option& o) {
  std::string out;
  for (const auto& s : o.get_snames()) out += (out.empty() ? "-" : ", -") + s;
  for (const auto& l : o.get_lnames()) out += (out.empty() ? "--" : ", --") + l;
  return out;
}

bool takes_value(const CLI::Option& o) {
  return o.get_items_expected_max() > 0;
}

std::string value_name(const CLI::Option& o) {
  const std::string type = o.get_type_name();
  return type.empty() ? "VALUE" : type.substr(0, type.find(':'));
}

// --- man page (roff) ---

std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out.insert(0, "\\&");
  return out;
}

std::string man_option(const CLI::Option& o) {
  std::string head = "\\fI" + roff(o.get_name()) + "\\fR";
  if (!o.get_positional()) {
    head = "\\fB" + roff(option_names(o)) + "\\fR";
    if (takes_value(o)) head += " \\fI" + roff(value_name(o)) + "\\fR";
  }
  return ".TP\n" + head + "\n" + roff(o.get_description()) + "\n";
}

std::string man_page(const CLI::App& app) {
  std::string out = ".TH RECON 1 \"\" \"recon " + roff(RECON_VERSION) + "\" \"User Commands\"\n";
  out += ".SH NAME\nrecon \\- declarative schema reconciler for PostgreSQL\n";
  out += ".SH SYNOPSIS\n\\fBrecon\\fR [\\fIoptions\\fR] \\fIcommand\\fR [\\fIarguments\\fR]\n";
  out += ".SH DESCRIPTION\n" + roff(app.get_description()) + "\n";
  out += ".SH COMMON OPTIONS\nThey go before or after the command.\n";
  for (const auto* o : options_of(app, false)) out += man_option(*o);
  out += ".SH COMMANDS\n";
  for (const auto* command : commands_of(app)) {
    std::string synopsis = "\\fBrecon " + roff(command->get_name()) + "\\fR";
    for (const auto* p : options_of(*command, true))
      synopsis += " [\\fI" + roff(p->get_name()) + "\\fR...]";
    out += ".SS " + synopsis + "\n" + roff(command->get_description()) +
           ".\n.br\nOutput (--format): " +
           fmt::format("{}", fmt::join(formats_of(command->get_name()), ", ")) + ".\n";
    for (const auto* o : options_of(*command, true)) out += man_option(*o);
    for (const auto* o : options_of(*command, false))
      if (o->get_group() != kCommonGroup) out += man_option(*o);
  }
  out +=
      ".SH EXIT STATUS\n"
      ".TP\n0\nsuccess (for plan: also no changes)\n"
      ".TP\n1\nruntime failure: database unreachable, a step failed (rolled back)\n"
      ".TP\n2\nchanges pending: plan \\-\\-check, \\-\\-detailed\\-exitcode\n"
      ".TP\n3\ninvalid input: a declaration, a revision file or the workspace is wrong\n"
      ".TP\n4\nrefused for safety: drift, an edited applied revision, hazards not allowed, lock "
      "held too long\n"
      ".TP\n64\nthe command line was not understood\n"
      ".TP\n130, 143\napply stopped by SIGINT or SIGTERM; the statement under way was cancelled "
      "and rolled back\n";
  out +=
      ".SH ENVIRONMENT\n"
      ".TP\nRECON_DATABASE_URL, DATABASE_URL\nthe database, when \\-\\-db is not given (else "
      "libpq's PG* variables)\n"
      ".TP\nNO_COLOR\nno colours when set\n";
  out += ".SH SEE ALSO\nThe README and docs/ of recon's sources.\n";
  return out;
}

// --- shell completions ---

std::string words(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : " ") + i;
  return out;
}

std::vector<std::string> long_names(const CLI::App& command, bool with_value) {
  std::vector<std::string> out;
  if (!with_value) out.push_back("--help");
  for (const auto* o : options_of(command, false)) {
    if (takes_value(*o) != with_value) continue;
    for (const auto& s : o->get_snames()) out.push_back("-" + s);
    for (const auto& l : o->get_lnames()) out.push_back("--" + l);
  }
  return out;
}

// Commands whose arguments are projects of the workspace (completed from schemas/ and plans/);
// init's is a new one.
bool takes_projects(const CLI::App& command) {
  if (command.get_name() == "init") return false;
  for (const auto* p : options_of(command, true))
    if (p->get_name().starts_with("project") || p->get_name() == "revisions") return true;
  return false;
}

std::string bash_completion(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* c : commands_of(app)) names.push_back(c->get_name());
  std::string out =
      "# bash completion for recon (generated by `recon completion bash`)\n"
      "_recon_projects() {\n"
      "  local dir=$PWD\n"
      "  while [[ $dir != / && ! -d $dir/schemas ]]; do dir=${dir%/*}; dir=${dir:-/}; done\n"
      "  local f\n"
      "  for f in \"$dir\"/schemas/*.toml \"$dir\"/schemas/*/ \"$dir\"/plans/*/; do\n"
      "    [[ -e $f ]] || continue\n"
      "    f=${f%/}; f=${f##*/}; echo \"${f%.toml}\"\n"
      "  done | sort -u\n"
      "}\n"
      "_recon() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      "  local command= i\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case ${COMP_WORDS[i]} in\n"
      "      " +
      fmt::format("{}) command=${{COMP_WORDS[i]}}; break ;;\n", fmt::join(names, "|")) +
      "    esac\n"
      "  done\n"
      "  case $prev in\n"
      "    --format) COMPREPLY=($(compgen -W 'text json markdown' -- \"$cur\")); return ;;\n"
      "    --root) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
      "  esac\n"
      "  local flags= valued=\n"
      "  case $command in\n";
  out += fmt::format("    '') flags='{}'; valued='{}' ;;\n", words(long_names(app, false)),
                     words(long_names(app, true)));
  for (const auto* c : commands_of(app))
    out += fmt::format("    {}) flags='{}'; valued='{}' ;;\n", c->get_name(),
                       words(long_names(*c, false)), words(long_names(*c, true)));
  out +=
      "  esac\n"
      "  # After an option that takes a value: file names (a URL, a duration... is typed).\n"
      "  if [[ \" $valued \" == *\" $prev \"* ]]; then COMPREPLY=($(compgen -f -- \"$cur\")); "
      "return; fi\n"
      "  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$flags $valued\" -- \"$cur\")); "
      "return; fi\n"
      "  case $command in\n" +
      fmt::format("    '') COMPREPLY=($(compgen -W '{}' -- \"$cur\")) ;;\n", words(names));
  std::vector<std::string> with_projects;
  for (const auto* c : commands_of(app))
    if (takes_projects(*c)) with_projects.push_back(c->get_name());
  out += fmt::format(
      "    {}) COMPREPLY=($(compgen -W \"$(_recon_projects)\" -- \"$cur\")) ;;\n"
      "  esac\n"
      "  [[ $command == show ]] && COMPREPLY+=($(compgen -f -X '!*.sql' -- \"$cur\") $(compgen "
      "-d -- \"$cur\"))\n"
      "  return 0\n"
      "}}\n"
      "complete -F _recon recon\n",
      fmt::join(with_projects, "|"));
  return out;
}

// Text inside a single-quoted zsh word, and inside an _arguments description ([...]) or a
// _describe entry (name:description).
std::string zsh_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else if (c == '[' || c == ']' || c == ':' || c == '\\')
      out += std::string("\\") + c;
    else
      out += c;
  }
  return out;
}

std::string zsh_option(const CLI::Option& o) {
  std::vector<std::string> names;
  for (const auto& s : o.get_snames()) names.push_back("-" + s);
  for (const auto& l : o.get_lnames()) names.push_back("--" + l);
  std::string action;
  if (takes_value(o)) {
    const std::string value = value_name(o);
    action = ":" + zsh_text(value) + ":";
    if (o.get_lnames() == std::vector<std::string>{"format"})
      action += "(text json markdown)";
    else if (value == "DIR")
      action += "_files -/";
    else if (value != "URL")
      action += "_files";
  }
  const std::string spec = "[" + zsh_text(o.get_description()) + "]" + action;
  if (names.size() == 1) return "'" + names.front() + spec + "'";
  return "'(" + words(names) + ")'{" + fmt::format("{}", fmt::join(names, ",")) + "}'" + spec + "'";
}

std::string zsh_completion(const CLI::App& app) {
  std::string out =
      "#compdef recon\n# zsh completion for recon (generated by `recon completion zsh`)\n"
      "_recon_projects() {\n"
      "  local dir=$PWD\n"
      "  while [[ $dir != / && ! -d $dir/schemas ]]; do dir=${dir:h}; done\n"
      "  local -a projects\n"
      "  projects=($dir/schemas/*.toml(N:t:r) $dir/schemas/*(N/:t) $dir/plans/*(N/:t))\n"
      "  _describe -t projects 'project' projects\n"
      "}\n"
      "_recon() {\n"
      "  local curcontext=$curcontext state line ret=1\n"
      "  local -a commands common\n"
      "  commands=(\n";
  for (const auto* c : commands_of(app))
    out += "    '" + c->get_name() + ":" + zsh_text(c->get_description()) + "'\n";
  out += "  )\n  common=(\n";
  for (const auto* o : options_of(app, false)) out += "    " + zsh_option(*o) + "\n";
  out +=
      "  )\n"
      "  _arguments -C $common '1:command:->command' '*::argument:->argument' && ret=0\n"
      "  case $state in\n"
      "    command) _describe -t commands 'recon command' commands && ret=0 ;;\n"
      "    argument)\n"
      "      curcontext=${curcontext%:*:*}:recon-$words[1]:\n"
      "      case $words[1] in\n";
  for (const auto* c : commands_of(app)) {
    out += "        " + c->get_name() + ")\n          _arguments $common";
    for (const auto* o : options_of(*c, false))
      if (o->get_group() != kCommonGroup) out += " \\\n            " + zsh_option(*o);
    if (takes_projects(*c))
      out +=
          std::string(" \\\n            '*:") +
          (c->get_name() == "show" ? "revision:_alternative \"projects:project:_recon_projects\" "
                                     "\"files:file:_files -g \\*.sql\"'"
                                   : "project:_recon_projects'");
    out += " && ret=0 ;;\n";
  }
  out +=
      "      esac ;;\n"
      "  esac\n"
      "  return ret\n"
      "}\n"
      "_recon \"$@\"\n";
  return out;
}

int run_completion(const CLI::App& app, const std::string& shell) {
  if (shell == "bash")
    fmt::print("{}", bash_completion(app));
  else
    fmt::print("{}", zsh_completion(app));
  return exit_code::ok;
}

}  // namespace

void register_reference(CLI::App& app, Context& /*ctx*/, Runner& run) {
  auto* man = app.add_subcommand("man", "Print recon's man page (roff), as installed in man1");
  man->callback([&run, &app] {
    run = [&app] {
      fmt::print("{}", man_page(app));
      return exit_code::ok;
    };
  });
  auto* completion = app.add_subcommand(
      "completion",
      "Print the shell completion script for bash or zsh (installed by meson install; or: "
      "source <(recon completion bash))");
  auto shell = std::make_shared<std::string>();
  completion->add_option("shell", *shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  completion->callback(
      [&run, &app, shell] { run = [&app, shell] { return run_completion(app, *shell); }; });
}

}  // namespace recon::cli
