// The round trip of `recon inspect`: a schema created in one database, inspected to TOML,
// planned from empty in a fresh workspace and applied to a fresh database, dumps
// (pg_dump --schema-only) exactly like the original (as Postgres re-creates it from its own
// dump). For the example projects and for a
// generated schema of 500 tables.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/identifier.hpp"
#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;
using recon::quote_ident;

namespace {

std::string shell_quoted(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string tool(const char* variable, const char* fallback) {
  const char* env = std::getenv(variable);
  return env && *env ? env : fallback;
}

// pg_dump --schema-only of `schemas`, without recon's version table.
std::string raw_dump(const std::string& url, const std::vector<std::string>& schemas) {
  std::string command = tool("RECON_PG_DUMP", "pg_dump") +
                        " --schema-only --no-owner --no-privileges --dbname=" + shell_quoted(url);
  for (const auto& s : schemas) {
    command += " --schema=" + shell_quoted(quote_ident(s));
    command += " --exclude-table=" + shell_quoted(quote_ident(s) + ".recon_revisions");
  }
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string raw;
  char buffer[65536];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) raw.append(buffer, n);
  REQUIRE(::pclose(pipe) == 0);
  return raw;
}

// The dump without comment lines, blank lines, the session settings of the header and the
// random keys of \restrict.
std::string dump(const std::string& url, const std::vector<std::string>& schemas) {
  std::istringstream in(raw_dump(url, schemas));
  std::string out, line;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with("--") || line.starts_with("SET ") ||
        line.starts_with("SELECT pg_catalog.set_config") || line.starts_with("\\restrict") ||
        line.starts_with("\\unrestrict"))
      continue;
    out += line + "\n";
  }
  return out;
}

// Postgres prints some expressions differently once its print is read back (a varchar
// compared with IN (...) gains casts), so the schema to compare with is the original as
// Postgres re-creates it from its own dump: the same schema, printed the settled way.
void reload(const std::string& from, const std::string& to,
            const std::vector<std::string>& schemas) {
  const std::string sql = raw_dump(from, schemas);
  FILE* pipe = ::popen((tool("RECON_PSQL", "psql") +
                        " -X -q -v ON_ERROR_STOP=1 --dbname=" + shell_quoted(to) + " >/dev/null")
                           .c_str(),
                       "w");
  REQUIRE(pipe != nullptr);
  std::fwrite(sql.data(), 1, sql.size(), pipe);
  REQUIRE(::pclose(pipe) == 0);
}

struct Timer {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
};

// Inspects `schemas` of `original` into a fresh workspace, plans from empty, applies to a fresh
// database and compares the dumps.
void check_round_trip(TestDatabase& original, const std::vector<std::string>& schemas) {
  TempWorkspace ws;
  Timer timer;
  for (const auto& schema : schemas) {
    const auto inspect = run_recon({"inspect", "--db", original.url(), "--schema", schema,
                                    "--write", "--root", ws.root().string()});
    INFO(inspect.err);
    REQUIRE(inspect.exit_code == 0);
    CHECK(inspect.err.find("warning") == std::string::npos);
  }
  const double inspected = timer.seconds();
  const auto plan =
      run_recon({"plan", "--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  const double planned = timer.seconds();
  TestDatabase copy;
  // Pagila's schema grants PUBLIC usage and create, which its declaration keeps: a reviewer
  // allows that by name.
  const auto apply = run_recon({"apply", "--root", ws.root().string(), "--db", copy.url(),
                                "--allow-hazards", "widens-access"});
  INFO(apply.err);
  REQUIRE(apply.exit_code == 0);
  const double applied = timer.seconds();
  TestDatabase settled;
  reload(original.url(), settled.url(), schemas);
  const std::string expected = dump(settled.url(), schemas);
  const std::string actual = dump(copy.url(), schemas);
  WARN("round trip of " << schemas.size() << " schema(s): inspect " << inspected << " s, plan "
                        << planned - inspected << " s, apply " << applied - planned << " s, dumps "
                        << timer.seconds() - applied << " s");
  REQUIRE(expected.size() > 0);
  if (expected != actual) {
    // The first differing line, for the report.
    std::istringstream a(expected), b(actual);
    std::string la, lb;
    int n = 0;
    while (std::getline(a, la) && std::getline(b, lb) && la == lb) ++n;
    FAIL("dumps differ at line " << n + 1 << ":\n  original: " << la << "\n  copy:     " << lb);
  }
}

// A schema of `tables` tables touching every kind of object inspect declares: many types,
// single and composite keys, identities, serials, uniques, foreign keys to earlier tables with
// every action, checks (varchar IN lists among them), partial and expression indexes, enums,
// domains and comments.
std::string generated_schema(const std::string& schema, int tables) {
  const std::string s = quote_ident(schema);
  std::string sql = "CREATE SCHEMA " + s + ";\nSET search_path TO " + s + ";\n";
  sql += "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n";
  sql += "CREATE TYPE \"Level\" AS ENUM ('low', 'high');\n";
  sql += "CREATE DOMAIN email AS text CHECK (VALUE ~ '@');\n";
  sql += "COMMENT ON TYPE mood IS 'How it went';\n";
  static const char* const types[] = {
      "integer",     "bigint", "text",     "varchar(40)", "numeric(12,2)", "boolean",
      "timestamptz", "date",   "jsonb",    "uuid",        "bytea",         "double precision",
      "integer[]",   "mood",   "smallint", "timestamp",   "email",         "\"Level\""};
  const int type_count = sizeof types / sizeof *types;
  static const char* const actions[] = {"NO ACTION", "CASCADE", "SET NULL", "RESTRICT"};
  for (int i = 0; i < tables; ++i) {
    const std::string t = "t" + std::to_string(i);
    const bool composite = i % 10 == 7;
    std::string body;
    if (composite) {
      body += "  a integer NOT NULL,\n  b text NOT NULL,\n";
    } else if (i % 3 == 0) {
      body += "  id bigint GENERATED ALWAYS AS IDENTITY,\n";
    } else if (i % 3 == 1) {
      body += "  id serial,\n";
    } else {
      body += "  id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5),\n";
    }
    const int columns = 3 + i % 5;
    for (int c = 0; c < columns; ++c) {
      const char* type = types[(i * 7 + c * 3) % type_count];
      body += "  c" + std::to_string(c) + " " + type;
      if (c == 0) body += " NOT NULL";
      if (c == 1 && std::string(type) == "text") body += " DEFAULT 'x'";
      if (c == 1 && std::string(type) == "timestamptz") body += " DEFAULT now()";
      if (c == 1 && std::string(type) == "integer") body += " DEFAULT 0";
      body += ",\n";
    }
    body += "  label varchar(10) CHECK (label IN ('a', 'b', 'c')),\n";
    if (i > 0 && !composite && i % 4 != 0) body += "  parent_id bigint,\n";
    body += composite ? "  PRIMARY KEY (a, b)" : "  PRIMARY KEY (id)";
    if (i % 5 == 2) body += ",\n  UNIQUE (label, c0)";
    sql += "CREATE TABLE " + t + " (\n" + body + "\n);\n";
    if (i > 0 && !composite && i % 4 != 0) {
      const int target = (i * 31) % i;
      if (target % 10 != 7) {
        sql += "ALTER TABLE " + t + " ADD FOREIGN KEY (parent_id) REFERENCES t" +
               std::to_string(target) + (target % 3 == 1 ? "" : "") + " ON DELETE " +
               actions[i % 4] + ";\n";
      }
    }
    if (i % 6 == 1) sql += "CREATE INDEX ON " + t + " (label) WHERE label IS NOT NULL;\n";
    if (i % 6 == 4) sql += "CREATE INDEX ON " + t + " (lower(label::text), c0 DESC);\n";
    if (i % 9 == 3)
      sql += "COMMENT ON TABLE " + t + " IS 'Table number " + std::to_string(i) + "';\n";
    if (i % 9 == 5) sql += "COMMENT ON COLUMN " + t + ".c0 IS 'The first, it''s required';\n";
    // Hundreds of functions with what calls them (issue 16): a trigger function and its
    // trigger on every fifth table, an SQL function and the check that calls it on another.
    if (i % 5 == 0)
      sql += "CREATE FUNCTION touch_" + t +
             "() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n"
             "CREATE TRIGGER " +
             t + "_touch BEFORE UPDATE ON " + t + " FOR EACH ROW EXECUTE FUNCTION touch_" + t +
             "();\n";
    if (i % 5 == 3)
      sql += "CREATE FUNCTION short_" + t +
             "(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$SELECT length(v) < 11$$;\n"
             "ALTER TABLE " +
             t + " ADD CHECK (short_" + t + "(label));\n";
  }
  return sql;
}

}  // namespace

TEST_CASE("inspect round trip: the example projects", "[inspect][roundtrip][cli]") {
  // The examples, created in a database by recon from the repository's own declarations.
  TempWorkspace examples;
  for (const char* project : {"00_personal_todo", "01_user_auth_todo"}) {
    const fs::path from = source_root() / "schemas" / (std::string(project) + ".toml");
    REQUIRE(fs::exists(from));
    fs::copy_file(from, examples.root() / "schemas" / from.filename());
  }
  REQUIRE(run_recon({"plan", "--root", examples.root().string(), "--dev-url", server_url()})
              .exit_code == 0);
  TestDatabase original;
  REQUIRE(
      run_recon({"apply", "--root", examples.root().string(), "--db", original.url()}).exit_code ==
      0);
  check_round_trip(original, {"00_personal_todo", "01_user_auth_todo"});
}

// 500 tables with 200 functions and 100 triggers.
TEST_CASE("inspect round trip: a generated schema of 500 tables", "[inspect][roundtrip][cli]") {
  TestDatabase original;
  {
    pqxx::nontransaction txn(original.conn());
    txn.exec(generated_schema("Generated 500", 500));
  }
  check_round_trip(original, {"Generated 500"});
}

// Pagila (../shared/schemas-in-the-wild): functions in sql and plpgsql (SETOF, OUT arguments,
// SECURITY DEFINER), an aggregate and the views that call it, triggers on every table (one with
// a function of pg_catalog and arguments), partitions, domains and an enum. Loaded into schema
// pagila: the dump's `public.` qualifiers, function bodies included, name it instead.
TEST_CASE("inspect round trip: Pagila, with its functions, triggers and aggregate",
          "[inspect][roundtrip][cli][wild]") {
  const char* env = std::getenv("RECON_WILD_SCHEMAS_DIR");
  const fs::path wild =
      env && *env ? fs::path(env) : source_root().parent_path() / "shared" / "schemas-in-the-wild";
  const fs::path file = wild / "pagila-schema.sql";
  REQUIRE(fs::exists(file));
  std::string sql = read_text(file);
  for (const std::string from : {"public.", "SCHEMA public"}) {
    const std::string to = from == "public." ? "pagila." : "SCHEMA pagila";
    for (auto at = sql.find(from); at != std::string::npos; at = sql.find(from, at + to.size()))
      sql.replace(at, from.size(), to);
  }
  TempDir dir;
  write_file(dir.path / "pagila.sql", "CREATE SCHEMA pagila;\n" + sql);
  TestDatabase original;
  FILE* pipe = ::popen((tool("RECON_PSQL", "psql") +
                        " -X -q -v ON_ERROR_STOP=1 --dbname=" + shell_quoted(original.url()) +
                        " -f " + shell_quoted((dir.path / "pagila.sql").string()) + " >/dev/null")
                           .c_str(),
                       "r");
  REQUIRE(pipe != nullptr);
  REQUIRE(::pclose(pipe) == 0);
  check_round_trip(original, {"pagila"});
}

// Schemas found on real databases that did not come back the same (tests/integration/data/
// inspect_round_trip/: one file each, which creates the schema named after it).
TEST_CASE("inspect round trip: schemas that real databases showed", "[inspect][roundtrip][cli]") {
  const fs::path dir = source_root() / "tests" / "integration" / "data" / "inspect_round_trip";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    DYNAMIC_SECTION(file.filename().string()) {
      TestDatabase original;
      {
        pqxx::nontransaction txn(original.conn());
        txn.exec(read_text(file));
      }
      check_round_trip(original, {file.stem().string()});
    }
  }
}

// Partitions in another schema than their parent: inspect of either schema names them and
// declares them in neither (a partition_of without its schema would not verify), and the
// TOMLs it writes verify.
TEST_CASE("inspect: partitions in another schema than their parent are named, not declared",
          "[inspect][cli]") {
  TestDatabase db;
  {
    pqxx::nontransaction txn(db.conn());
    txn.exec(read_text(source_root() / "tests" / "integration" / "data" / "partitions_elsewhere" /
                       "hash_partitions.sql"));
  }
  TempWorkspace ws;
  for (const std::string schema : {"app_main", "app_parts"}) {
    const auto inspect = run_recon(
        {"inspect", "--db", db.url(), "--schema", schema, "--write", "--root", ws.root().string()});
    INFO(inspect.err);
    REQUIRE(inspect.exit_code == 0);
    CHECK(inspect.err.find("app_parts.readings_p0") != std::string::npos);
    CHECK(inspect.err.find("app_parts.readings_p1") != std::string::npos);
    CHECK(inspect.err.find("move it there") != std::string::npos);
    const std::string toml = read_text(ws.root() / "schemas" / (schema + ".toml"));
    CHECK(toml.find("readings_p0") != std::string::npos);  // in the header's list
    CHECK(toml.find("partition_of") == std::string::npos);
  }
  const auto verify = run_recon({"verify", "--root", ws.root().string()});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
}

TEST_CASE("inspect round trip: composite and range types", "[inspect][roundtrip][cli][composite]") {
  TestDatabase original;
  {
    pqxx::nontransaction txn(original.conn());
    txn.exec(R"(
      CREATE SCHEMA "Composite Types";
      SET search_path TO "Composite Types";
      CREATE TYPE mood AS ENUM ('sad', 'happy');
      CREATE TYPE "Point 2D" AS (x double precision, y double precision);
      CREATE TYPE address AS (street text COLLATE "C", zip varchar(10), at "Point 2D",
                              feeling mood, seen timestamptz[]);
      COMMENT ON TYPE address IS 'A postal address';
      COMMENT ON COLUMN address.zip IS 'Without spaces';
      CREATE TYPE nothing AS ();
      CREATE TYPE "Stay" AS RANGE (subtype = date, multirange_type_name = "Stays");
      CREATE TYPE name_span AS RANGE (subtype = text, subtype_opclass = text_pattern_ops,
                                      collation = "C");
      COMMENT ON TYPE name_span IS 'From one name to another';
      CREATE TABLE person (id integer PRIMARY KEY, home address, previous address[],
                           here "Point 2D" NOT NULL DEFAULT ROW(0, 0), stays "Stays",
                           names name_span);
      INSERT INTO person VALUES (1, ROW('Main St 1', '12345', ROW(1, 2), 'happy', NULL),
                                 NULL, ROW(3, 4));
    )");
  }
  check_round_trip(original, {"Composite Types"});
}

TEST_CASE("inspect round trip: text search dictionaries and configurations in use",
          "[inspect][roundtrip][cli][text_search]") {
  // The round-trip case's schema: a dictionary of each template, mappings naming dictionaries of
  // the schema and of pg_catalog, and a column, a check, indexes and a view using them.
  const std::string sql = read_text(
      source_root() / "tests" / "cases" / "roundtrip" /
      "text-search-dictionaries-of-every-template-and-configurations-used-by-columns-indexes-and-"
      "views" /
      "a.sql");
  TestDatabase original;
  {
    pqxx::nontransaction txn(original.conn());
    txn.exec("CREATE SCHEMA \"Text Search\"; SET search_path TO \"Text Search\";\n" + sql +
             "\nINSERT INTO docs VALUES (1, 'The quick foxes jumped'), (2, 'Red 42');");
  }
  check_round_trip(original, {"Text Search"});
}

TEST_CASE("inspect round trip: row-level security and policies with every option",
          "[inspect][roundtrip][cli][policies]") {
  // The schema of the round-trip case, made by hand: every option of a policy, forced and
  // plain row-level security, a policy on a table without it.
  TestDatabase original;
  {
    pqxx::nontransaction txn(original.conn());
    txn.exec("CREATE SCHEMA \"Row Security\"; SET search_path TO \"Row Security\";\n" +
             read_text(source_root() / "tests" / "cases" / "roundtrip" /
                       "row-level-security-forced-and-policies-with-every-option" / "a.sql"));
  }
  check_round_trip(original, {"Row Security"});
}
