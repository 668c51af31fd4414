// recon init: scaffolds schemas/PROJECT.toml, the first file of a new project.
#include <fmt/core.h>

#include <fstream>

#include "catalog/identifier.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "declare/emit.hpp"

namespace recon::cli {
namespace {

namespace fs = std::filesystem;

struct InitOptions {
  std::string project;
  std::optional<std::string> schema;
};

// The project name becomes a file name (schemas/NAME.toml) and a directory (plans/NAME/), so it
// must be one path component that no tool hides or treats specially.
std::optional<std::string> project_name_problem(const std::string& name) {
  if (name.empty()) return "is empty";
  if (name.find_first_of("/\\") != std::string::npos) return "contains a path separator";
  if (name.front() == '.') return "starts with a dot (recon skips hidden files)";
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return "contains a control character";
  }
  if (name.ends_with(".toml")) return "ends with .toml (give the name without the extension)";
  if (name.size() > 200) return "is longer than 200 bytes";
  return std::nullopt;
}

std::optional<std::string> schema_name_problem(const std::string& name) {
  if (name.empty()) return "is empty";
  if (name.size() > max_identifier_bytes)
    return fmt::format("is longer than {} bytes (Postgres would truncate it)",
                       max_identifier_bytes);
  if (name.starts_with("pg_")) return "starts with pg_ (Postgres reserves those names)";
  if (name == "information_schema") return "is Postgres's own schema";
  for (unsigned char c : name) {
    if (c == 0) return "contains a NUL byte";
  }
  return std::nullopt;
}

// --root, else the workspace around the working directory, else the working directory itself:
// init is how a workspace starts.
fs::path init_root(const Context& ctx) {
  if (ctx.root_flag) return ctx.root();
  try {
    return ctx.root();
  } catch (const CommandError&) {
    return fs::current_path();
  }
}

// The next-steps commands are meant to be pasted into a shell.
std::string shell_word(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                              "0123456789_.-/") == std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string scaffold(const std::string& project, const std::string& schema) {
  std::string out;
  out += "# Project " + project + ": the PostgreSQL schema it owns, declared.\n";
  out += "# The format: docs/declaration.md. `recon plan` writes the revisions, `recon apply`\n";
  out += "# applies them.\n\n";
  out += "schema = " + declare::toml_string(schema) + "\n";
  out += "# ignore = [\"alembic_version\"]   # relations of the schema that recon leaves alone\n";
  out += R"toml(
# [tables.items]
# comment = "One row per item"
# primary_key = ["id"]
#
# [[tables.items.columns]]
# name = "id"
# type = "bigint"
# identity = "always"
#
# [[tables.items.columns]]
# name = "title"
# type = "text"
# nullable = false
)toml";
  return out;
}

int run_init(const Context& ctx, const InitOptions& o) {
  const std::string schema = o.schema.value_or(o.project);
  if (auto problem = project_name_problem(o.project)) {
    throw CommandError{exit_code::invalid_input, "project name '" + o.project + "' " + *problem};
  }
  if (auto problem = schema_name_problem(schema)) {
    throw CommandError{exit_code::invalid_input, "schema name '" + schema + "' " + *problem};
  }
  const fs::path root = init_root(ctx);
  const fs::path schemas = root / "schemas";
  const fs::path file = schemas / (o.project + ".toml");
  const fs::path dir = schemas / o.project;
  for (const fs::path& existing : {file, dir}) {
    if (fs::exists(existing)) {
      throw CommandError{exit_code::refused, "project '" + o.project + "' already exists: " +
                                                 existing.string() + " (init never overwrites)"};
    }
  }
  std::error_code ec;
  fs::create_directories(schemas, ec);
  {
    std::ofstream out(file);
    out << scaffold(o.project, schema);
    if (ec || !out) {
      throw CommandError{exit_code::error, "cannot write " + file.string()};
    }
  }
  fmt::print("created {} (project {}, schema {})\n", file.string(), o.project, quote_ident(schema));
  fmt::print(
      "next:\n"
      "  1. declare the tables in schemas/{2}.toml (docs/declaration.md); or, to adopt an\n"
      "     existing schema, delete that file and run\n"
      "       recon inspect --db URL --schema {1} --project {0} --write\n"
      "  2. recon plan {0}\n"
      "       writes plans/{2}/0001_initial.sql, the first revision, for review\n"
      "  3. recon apply {0} --db URL\n"
      "       applies it (to a database that already has the schema: --baseline 1)\n",
      shell_word(o.project), shell_word(schema), o.project);
  return exit_code::ok;
}

}  // namespace

void register_init(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand("init", "Scaffold schemas/PROJECT.toml for a new project");
  auto o = std::make_shared<InitOptions>();
  cmd->add_option("project", o->project, "The project's name (its file is schemas/PROJECT.toml)")
      ->required();
  cmd->add_option("--schema", o->schema,
                  "The Postgres schema the project owns (default: the project name)");
  cmd->callback([&run, &ctx, o] { run = [&ctx, o] { return run_init(ctx, *o); }; });
}

}  // namespace recon::cli
