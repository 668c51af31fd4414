// recon inspect: the TOML declaration of a live schema, for adopting an existing database.
#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <pqxx/pqxx>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/unsupported_way_out.hpp"
#include "declare/emit.hpp"
#include "declare/emit_data.hpp"
#include "introspect/introspect.hpp"
#include "introspect/rows.hpp"
#include "pg/connection_url.hpp"
#include "recon_config.hpp"
#include "sqlite/database.hpp"
#include "sqlite/sqlite.hpp"

namespace recon::cli {
namespace {

struct InspectOptions {
  std::optional<std::string> sqlite;
  std::string schema;
  std::optional<std::string> project;
  std::vector<std::string> ignore;
  std::vector<std::string> data;  // --data TABLE: the rows, as reference data
  bool write = false;
};

// The JSON Schema for editors, named as the example projects name it: relative to
// schemas/PROJECT.toml, in the workspace's docs/ (docs/declaration.md, "Editor support").
constexpr const char* kSchemaDirective = "#:schema ../docs/recon.schema.json\n";

// Prints the TOML, or writes it to schemas/PROJECT.toml (never over an existing file), headed by
// the #:schema line.
int output(const Context& ctx, const InspectOptions& o, const std::string& project,
           const std::string& body) {
  const std::string toml = kSchemaDirective + body;
  if (!o.write) {
    fmt::print("{}", toml);
    return exit_code::ok;
  }
  const auto file = ctx.root() / "schemas" / (project + ".toml");
  if (std::filesystem::exists(file)) {
    throw CommandError{
        exit_code::refused,
        file.string() + " already exists: remove it first, or inspect without --write"};
  }
  std::ofstream(file) << toml;
  fmt::print("wrote {}\n", file.string());
  if (!std::filesystem::exists(ctx.root() / "docs" / "recon.schema.json"))
    fmt::print(stderr,
               "note: its first line points editors (Taplo, Even Better TOML) to "
               "docs/recon.schema.json in the workspace, which is not there: copy it from {}\n",
               RECON_DATA_DIR "/recon.schema.json");
  return exit_code::ok;
}

// The version table of the tool that managed the schema before recon: it stays, and recon
// leaves it alone, so that the old tool still works until it is retired.
void ignore_migration_tables(Catalog& catalog) {
  for (const char* name :
       {"alembic_version", "flyway_schema_history", "schema_migrations", "goose_db_version"}) {
    if (catalog.tables.erase(name) == 0) continue;
    catalog.ignored.push_back(name);
    fmt::print(stderr,
               "note: table {} is a migration tool's version table: declared ignored (recon "
               "leaves it alone)\n",
               name);
  }
}

// The primary key, else the first unique key, among the columns rows can give; none when
// neither is (or the key is deferrable: INSERT ... ON CONFLICT cannot find rows by it).
std::vector<std::string> data_key(const Table& table, const std::vector<std::string>& written) {
  std::vector<std::string> key;
  for (const auto& c : table.constraints) {
    const bool usable = std::all_of(c.columns.begin(), c.columns.end(), [&](const auto& col) {
      return std::find(written.begin(), written.end(), col) != written.end();
    });
    if ((c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique) && usable &&
        !c.deferrable && (key.empty() || c.kind == ConstraintKind::primary_key))
      key = c.columns;
  }
  return key;
}

// The rows of each --data table, declared as reference data; columns Postgres computes are
// left out.
std::string table_data_toml(pqxx::connection& conn, const Catalog& catalog,
                            const std::vector<std::string>& tables) {
  std::string out;
  for (const auto& name : tables) {
    const auto table = catalog.tables.find(name);
    if (table == catalog.tables.end())
      throw CommandError{exit_code::invalid_input,
                         "--data: schema '" + catalog.schema + "' has no table '" + name + "'"};
    std::vector<std::string> written;
    for (const auto& column : table->second.columns)
      if (!column.generated && column.identity != Identity::always) written.push_back(column.name);
    const std::vector<std::string> key = data_key(table->second, written);
    if (key.empty())
      throw CommandError{exit_code::invalid_input,
                         "--data: table '" + name +
                             "' has no primary or unique key of columns that rows can give, "
                             "so its rows cannot be declared"};
    std::vector<std::string> columns = key;
    for (const auto& column : written)
      if (std::find(key.begin(), key.end(), column) == key.end()) columns.push_back(column);
    pqxx::read_transaction txn(conn);
    introspect::use_row_text_settings(txn);
    out += (out.empty() ? "" : "\n") +
           declare::emit_table_data(
               introspect::read_rows(txn, catalog.schema, name, columns, key.size()),
               DataMode::upsert);
  }
  return out;
}

int run_postgres(const Context& ctx, const InspectOptions& o) {
  if (o.schema.empty())
    throw CommandError{exit_code::usage, "inspect: --schema NAME is required (or --sqlite FILE)"};
  const std::string url = ctx.database_url();
  Catalog catalog;
  std::string data;
  try {
    pqxx::connection conn(url);
    introspect::Options options;
    options.ignored = o.ignore;
    options.privileges = true;
    catalog = introspect::introspect_schema(conn, o.schema, options);
    if (!o.data.empty() && catalog.schema_exists) data = table_data_toml(conn, catalog, o.data);
  } catch (const pqxx::broken_connection& e) {
    throw CommandError{exit_code::error, "cannot connect to " + pg::redact(url) + ": " +
                                             pg::redact_in(e.what(), url)};
  }
  if (!catalog.schema_exists) {
    throw CommandError{exit_code::invalid_input,
                       "schema '" + o.schema + "' does not exist in " + pg::redact(url)};
  }
  if (!o.data.empty()) {  // only the rows: they go under tables already declared
    fmt::print("{}", data);
    return exit_code::ok;
  }
  catalog.ignored = o.ignore;
  // A schema where nobody was granted anything is not made to govern privileges.
  catalog.manages_privileges = !catalog.grants.empty() || !catalog.default_privileges.empty();
  ignore_migration_tables(catalog);
  for (const auto& warning : declare::set_aside_unplannable(catalog))
    fmt::print(stderr, "warning: {}\n", warning);
  for (const auto& u : catalog.unsupported) {
    if (quieted(u, o.ignore)) continue;
    fmt::print(stderr,
               "warning: {} {} cannot be declared: it is left out of the TOML (recon leaves it "
               "alone)\n{}\n",
               u.kind, u.name, unsupported_way_out(u));
  }
  return output(ctx, o, o.project.value_or(o.schema), declare::emit_toml(catalog));
}

// The TOML of a SQLite database, headed by what did not carry over, so that the review of the
// first revision sees it too.
int run_sqlite(const Context& ctx, const InspectOptions& o) {
  const std::filesystem::path file = *o.sqlite;
  const std::string project = o.project.value_or(file.stem().string());
  const std::string schema = o.schema.empty() ? project : o.schema;
  sqlite::Inspection inspection;
  try {
    inspection = sqlite::inspect(file, schema);
  } catch (const sqlite::Error& e) {
    throw CommandError{exit_code::invalid_input, e.what()};
  }
  std::string header = "# From the SQLite database " + file.filename().string() +
                       " (recon inspect --sqlite); types mapped as in docs/sqlite.md.\n";
  if (!inspection.warnings.empty()) header += "# Not carried over, or changed in meaning:\n";
  for (const auto& w : inspection.warnings) {
    fmt::print(stderr, "warning: {}\n", w);
    header += "#   " + w + "\n";
  }
  for (const auto& n : inspection.notes) fmt::print(stderr, "note: {}\n", n);
  return output(ctx, o, project, header + declare::emit_toml(inspection.catalog));
}

int run_inspect(const Context& ctx, const InspectOptions& o) {
  if (!o.data.empty() && (o.sqlite || o.write))
    throw CommandError{exit_code::usage,
                       "inspect: --data prints rows to add under tables already declared; it "
                       "goes with --schema, not with --sqlite or --write"};
  return o.sqlite ? run_sqlite(ctx, o) : run_postgres(ctx, o);
}

}  // namespace

void register_inspect(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "inspect",
      "Print (or --write) the TOML declaration of a live schema, to adopt an existing database, "
      "or of a SQLite database (--sqlite), to move it to Postgres");
  auto o = std::make_shared<InspectOptions>();
  cmd->add_option("--schema", o->schema,
                  "The Postgres schema to read (with --sqlite: the schema to declare, default: "
                  "the project name)");
  cmd->add_option("--sqlite", o->sqlite, "Read this SQLite database file instead of Postgres");
  cmd->add_option("--project", o->project,
                  "Project name for --write (default: the schema name, or the SQLite file's stem)");
  cmd->add_option("--ignore", o->ignore, "Relations to leave out and alone (e.g. alembic_version)");
  cmd->add_option("--data", o->data,
                  "Print the rows of this table (repeatable) as reference data to declare "
                  "([tables.NAME.data], docs/reference-data.md) instead of the schema");
  cmd->add_flag("--write", o->write, "Write schemas/PROJECT.toml instead of printing");
  cmd->callback([&run, &ctx, o] { run = [&ctx, o] { return run_inspect(ctx, *o); }; });
}

}  // namespace recon::cli
