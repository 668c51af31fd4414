#include "cli/context.hpp"

#include <unistd.h>

#include <cstdlib>

#include "cli/exit_codes.hpp"
#include "pg/connection_url.hpp"

namespace recon::cli {

Format Context::format() const {
  if (format_name == "json") return Format::json;
  if (format_name == "markdown") return Format::markdown;
  return Format::text;
}

bool Context::color() const {
  if (no_color) return false;
  const char* no_color_env = std::getenv("NO_COLOR");
  if (no_color_env != nullptr && *no_color_env != '\0') return false;
  return isatty(STDOUT_FILENO) == 1;
}

std::filesystem::path Context::root() const {
  if (root_flag) {
    if (!std::filesystem::is_directory(*root_flag)) {
      throw CommandError{exit_code::invalid_input,
                         "--root " + root_flag->string() + ": not a directory"};
    }
    return *root_flag;
  }
  const auto start = std::filesystem::current_path();
  for (auto dir = start;; dir = dir.parent_path()) {
    if (std::filesystem::is_directory(dir / "schemas")) return dir;
    if (dir == dir.parent_path()) break;
  }
  throw CommandError{exit_code::invalid_input,
                     "no schemas/ directory in " + start.string() +
                         " or any parent: run recon inside a workspace, or pass --root DIR"};
}

std::string Context::database_url() const {
  return pg::resolve_database_url(db_flag).value_or("");
}

}  // namespace recon::cli
