// What every command gets: the options common to all commands, and output helpers.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace recon::cli {

enum class Format { text, json, markdown };

struct Context {
  std::optional<std::string> db_flag;
  std::optional<std::string> dev_url;
  std::optional<std::filesystem::path> root_flag;
  std::string format_name = "text";
  bool no_color = false;

  Format format() const;
  bool color() const;  // false with --no-color, NO_COLOR, or when stdout is not a terminal

  // The workspace: --root, else the nearest parent of the working directory holding schemas/.
  std::filesystem::path root() const;
  // The database to work on (see pg::resolve_database_url); "" lets libpq read PG* variables.
  std::string database_url() const;
};

// Thrown by commands for a failure the user can act on; main prints it and exits with code.
struct CommandError {
  int code;
  std::string message;
};

}  // namespace recon::cli
