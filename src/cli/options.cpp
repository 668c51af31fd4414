#include "cli/options.hpp"

#include <map>

#include "cli/exit_codes.hpp"

namespace recon::cli {
namespace {

const std::vector<std::string> kAllFormats = {"text", "json", "markdown"};

std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ") + items[i];
  return out;
}

void add_options(CLI::App& app, Context& ctx, const std::vector<std::string>& formats,
                 const std::string& group) {
  app.add_option("--db", ctx.db_flag,
                 "Target database URL (else RECON_DATABASE_URL, else DATABASE_URL, else "
                 "libpq's PG* variables)")
      ->type_name("URL")
      ->group(group);
  app.add_option("--dev-url", ctx.dev_url,
                 "Scratch database for planning (default: an embedded throwaway cluster)")
      ->type_name("URL")
      ->group(group);
  app.add_option("--root", ctx.root_flag,
                 "Workspace holding schemas/ and plans/ (default: nearest parent of the "
                 "working directory that has schemas/)")
      ->type_name("DIR")
      ->group(group);
  app.add_option("--format", ctx.format_name, "Output format")
      ->type_name("FORMAT")
      ->check(CLI::IsMember(formats))
      ->group(group);
  app.add_flag("--no-color", ctx.no_color, "No colours (also when NO_COLOR is set)")->group(group);
}

}  // namespace

std::vector<std::string> formats_of(const std::string& command) {
  static const std::map<std::string, std::vector<std::string>> table = {
      {"plan", kAllFormats},        {"show", kAllFormats},         {"apply", {"text", "json"}},
      {"status", {"text", "json"}}, {"history", {"text", "json"}}, {"verify", {"text", "json"}},
      {"diff", {"text", "json"}},   {"version", {"text", "json"}},
  };
  const auto found = table.find(command);
  return found == table.end() ? std::vector<std::string>{"text"} : found->second;
}

void add_common_options(CLI::App& app, Context& ctx) {
  add_options(app, ctx, kAllFormats, "Options");
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
    add_options(*command, ctx, formats_of(command->get_name()), kCommonGroup);
}

void check_format(const Context& ctx, const std::string& command) {
  const auto formats = formats_of(command);
  if (std::find(formats.begin(), formats.end(), ctx.format_name) != formats.end()) return;
  throw CommandError{exit_code::usage, command + ": --format " + ctx.format_name +
                                           " is not one this command prints: it prints " +
                                           listed(formats)};
}

}  // namespace recon::cli
