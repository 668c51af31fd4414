// What recon tells a team in its daily loop, on a real PostgreSQL: the next step after a failed
// revision (and `plan --replace`), `--baseline N` where the schema was brought to a revision
// by hand, unknown commands and type names, a dry run of the whole workspace, and the
// declarations apply requires.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;
namespace exit_code = recon::exit_code;

namespace {

const char* kTodos = R"toml(
schema = "todo"
[tables.todos]
primary_key = ["id"]
columns = [
  { name = "id", type = "bigint", identity = "always" },
  { name = "title", type = "text" },
]
)toml";

struct Workspace {
  TempWorkspace ws;
  TestDatabase db;
  Workspace() { fs::create_directories(ws.root() / "schemas"); }
  void write(const std::string& project, const std::string& toml) const {
    std::ofstream(ws.root() / "schemas" / (project + ".toml"), std::ios::trunc) << toml;
  }
  // `recon plan` plans from the revisions: --db only where asked (plan --replace checks it).
  ProcessResult recon(std::vector<std::string> args, bool with_db = true) const {
    args.insert(args.end(),
                {"--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
    if (with_db) args.insert(args.end(), {"--db", db.url()});
    return run_recon(args);
  }
  void sql(const std::string& statement) {
    pqxx::work w(db.conn());
    w.exec(statement);
    w.commit();
  }
  std::vector<std::string> revision_files(const std::string& project) const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(ws.plans_dir(project)))
      out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string with_column(const std::string& column) {
  std::string toml = kTodos;
  toml.insert(toml.rfind("]\n"), "  " + column + ",\n");
  return toml;
}

}  // namespace

TEST_CASE("a failed revision says what to do next, and plan --replace plans it again",
          "[next-steps][cli]") {
  Workspace w;
  w.write("todo", kTodos);
  REQUIRE(w.recon({"plan", "todo"}, false).exit_code == 0);
  REQUIRE(w.recon({"apply", "todo"}).exit_code == 0);
  w.sql("INSERT INTO todo.todos (title) VALUES ('a row without an owner')");

  w.write("todo", with_column("{ name = \"owner\", type = \"text\", nullable = false }"));
  REQUIRE(w.recon({"plan", "todo", "-m", "owner"}, false).exit_code == 0);
  const auto failed = w.recon({"apply", "todo"});
  INFO(failed.err);
  CHECK(failed.exit_code == exit_code::error);
  CHECK_THAT(failed.err, Catch::Contains("contains null values"));
  CHECK_THAT(failed.err, Catch::Contains("What to do next:"));
  CHECK_THAT(failed.err, Catch::Contains("`recon plan todo --replace` plans 0002_owner anew"));
  CHECK_THAT(failed.err, Catch::Contains("refuses if 0002_owner is recorded there"));
  CHECK_THAT(failed.err, Catch::Contains("a backfill on this database"));

  // Fixed: a default for the existing rows. The revision no database recorded is replaced.
  w.write("todo", with_column("{ name = \"owner\", type = \"text\", nullable = false, "
                              "default = \"'nobody'\" }"));
  const auto replaced = w.recon({"plan", "todo", "--replace", "-m", "owner"});
  INFO(replaced.out << replaced.err);
  REQUIRE(replaced.exit_code == 0);
  CHECK_THAT(replaced.err, Catch::Contains("replaced 0002_owner"));
  CHECK_THAT(replaced.err, Catch::Contains("does not record it"));
  CHECK(w.revision_files("todo") == std::vector<std::string>{"0001_initial.sql", "0002_owner.sql"});
  CHECK_THAT(read_text(w.ws.plans_dir("todo") / "0002_owner.sql"), Catch::Contains("'nobody'"));
  const auto applied = w.recon({"apply", "todo"});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);

  // Now the database records it: replacing it is refused, and nothing changes.
  const std::string before = read_text(w.ws.plans_dir("todo") / "0002_owner.sql");
  const auto refused = w.recon({"plan", "todo", "--replace"});
  CHECK(refused.exit_code == exit_code::refused);
  CHECK_THAT(refused.err, Catch::Contains("0002_owner is recorded in todo.recon_revisions"));
  CHECK(read_text(w.ws.plans_dir("todo") / "0002_owner.sql") == before);
  CHECK(w.revision_files("todo") == std::vector<std::string>{"0001_initial.sql", "0002_owner.sql"});
}

TEST_CASE("a schema brought to an unrecorded revision by hand gets --baseline N",
          "[next-steps][baseline][cli]") {
  Workspace w;
  w.write("todo", kTodos);
  REQUIRE(w.recon({"plan", "todo"}, false).exit_code == 0);

  SECTION("before adoption, status suggests --baseline") {
    w.sql("CREATE SCHEMA todo; CREATE TABLE todo.legacy (id int)");
    const auto status = w.recon({"status", "todo"});
    INFO(status.err);
    CHECK_THAT(status.out, Catch::Contains("hint:     no revision is recorded, and the schema "
                                           "already holds objects: to adopt it"));
    CHECK_THAT(status.out, Catch::Contains("`recon apply todo --baseline 1`"));
  }

  SECTION("a DBA ran revision 2 with psql: apply and status say --baseline 2") {
    REQUIRE(w.recon({"apply", "todo"}).exit_code == 0);
    w.write("todo", with_column("{ name = \"last_login\", type = \"timestamptz\" }"));
    REQUIRE(w.recon({"plan", "todo", "-m", "last login"}, false).exit_code == 0);
    w.sql("ALTER TABLE todo.todos ADD COLUMN last_login timestamptz");

    const auto refused = w.recon({"apply", "todo"});
    INFO(refused.err);
    CHECK(refused.exit_code == exit_code::refused);
    CHECK_THAT(refused.err, Catch::Contains("it is in the state revision 0002_last_login reaches"));
    CHECK_THAT(refused.err, Catch::Contains("`recon apply todo --baseline 2`"));
    CHECK_THAT(refused.err, !Catch::Contains("recon plan --db"));

    const auto status = w.recon({"status", "todo"});
    CHECK_THAT(status.out, Catch::Contains("`recon apply todo --baseline 2`"));

    const auto baseline = w.recon({"apply", "todo", "--baseline", "2"});
    INFO(baseline.err);
    CHECK(baseline.exit_code == 0);
    CHECK(w.recon({"status", "todo", "--detailed-exitcode"}).exit_code == 0);
  }
}

TEST_CASE("unknown commands name recon's equivalent", "[next-steps][cli]") {
  const std::vector<std::pair<std::string, std::string>> habits = {
      {"upgrade", "`recon apply`"},    {"current", "`recon status`"},
      {"downgrade", "`recon revert`"}, {"stamp", "`recon apply --baseline N`"},
      {"revision", "`recon plan`"},
  };
  for (const auto& [alembic, recon] : habits) {
    const auto run = run_recon({"--format", "text", alembic, "head"});
    INFO(alembic << ": " << run.err);
    CHECK(run.exit_code == exit_code::usage);
    CHECK_THAT(run.err, Catch::Contains("unknown command '" + alembic +
                                        "': recon's equivalent is " + recon));
  }
  const auto typo = run_recon({"aply"});
  CHECK(typo.exit_code == exit_code::usage);
  CHECK_THAT(typo.err, Catch::Contains("unknown command 'aply' (did you mean 'apply'?)"));
}

TEST_CASE("every unknown type is reported at its column before the dev database",
          "[next-steps][types][cli]") {
  Workspace w;
  w.write("todo", with_column("{ name = \"due\", type = \"datetime\" }") +
                      "[tables.tags]\ncolumns = [{ name = \"label\", type = \"strng\" }]\n");
  const auto plan = w.recon({"plan", "todo"}, false);
  INFO(plan.err);
  CHECK(plan.exit_code == exit_code::invalid_input);
  CHECK_THAT(plan.err, Catch::Contains("todo.toml:8:26: type 'datetime' of column 'due' in table "
                                       "'todos' does not exist in PostgreSQL (did you mean "
                                       "timestamptz?)"));
  CHECK_THAT(plan.err, Catch::Contains("type 'strng' of column 'label' in table 'tags' does not "
                                       "exist in PostgreSQL (did you mean text?)"));
  CHECK_THAT(plan.err, !Catch::Contains("PostgreSQL rejects it"));
}

TEST_CASE("a dry run of the workspace judges each project after the earlier ones",
          "[next-steps][dry-run][cli]") {
  Workspace w;
  fs::remove_all(w.ws.root() / "schemas");
  fs::copy(source_root() / "schemas", w.ws.root() / "schemas", fs::copy_options::recursive);
  fs::copy(source_root() / "plans", w.ws.root() / "plans", fs::copy_options::recursive);
  const auto dry = w.recon({"apply", "--dry-run"});
  INFO(dry.err);
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.out, Catch::Contains("project 01_user_auth_todo, schema \"01_user_auth_todo\": "
                                      "the SQL recon would send"));
  CHECK_THAT(dry.out, Catch::Contains("project 00_personal_todo, schema \"00_personal_todo\": "
                                      "the SQL recon would send"));
  CHECK_THAT(dry.out, Catch::Contains("REFERENCES \"01_user_auth_todo\".users (id)"));
  // Nothing was changed.
  pqxx::read_transaction txn(w.db.conn());
  CHECK(txn.exec1("SELECT count(*) FROM pg_namespace WHERE nspname LIKE '0%'")[0].as<int>() == 0);
}

TEST_CASE("apply refuses what verify refuses, naming the file", "[next-steps][apply][cli]") {
  const fs::path cases = source_root() / "tests" / "integration" / "data" / "invalid_declarations";
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"foreign_key_to_missing_table.toml", "table accounts is not declared by project auth"},
      {"duplicate_column.toml", "column 'user_id' is declared twice"},
      {"unknown_key.toml", "unknown key 'nulable'"},
  };
  for (const auto& [file, message] : expected) {
    Workspace w;
    w.write("auth",
            "schema = \"auth\"\n[tables.users]\nprimary_key = [\"id\"]\ncolumns = [{ name = "
            "\"id\", type = \"bigint\" }]\n");
    w.write("todo", kTodos);
    REQUIRE(w.recon({"plan"}, false).exit_code == 0);
    fs::copy_file(cases / file, w.ws.root() / "schemas" / "todo.toml",
                  fs::copy_options::overwrite_existing);
    const auto apply = w.recon({"apply"});
    INFO(file << ": " << apply.err);
    CHECK(apply.exit_code == exit_code::invalid_input);
    CHECK_THAT(apply.err, Catch::Contains("recon apply requires valid declarations"));
    CHECK_THAT(apply.err, Catch::Contains("todo.toml:"));
    CHECK_THAT(apply.err, Catch::Contains(message));
    CHECK(applied_count(w.db.conn(), "auth") == 0);
    CHECK(applied_count(w.db.conn(), "todo") == 0);
  }
}
