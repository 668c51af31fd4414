// `recon status` and `recon apply` on a workspace of two projects, one referencing the other:
// declared changes not yet planned, drift shown object by object, planning one project alone,
// and the exit codes of broken revision files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;
namespace exit_code = recon::exit_code;

namespace {

const char* kAuth = R"toml(
schema = "auth"
[tables.users]
primary_key = ["id"]
columns = [
  { name = "id", type = "bigint", identity = "always" },
  { name = "email", type = "text", nullable = false },
]
)toml";

const char* kTodoToml = R"toml(
schema = "todo"
[tables.todos]
primary_key = ["id"]
columns = [
  { name = "id", type = "bigint", identity = "always" },
  { name = "user_id", type = "bigint" },
  { name = "title", type = "text", nullable = false },
]
[[tables.todos.foreign_keys]]
columns = ["user_id"]
references = { schema = "auth", table = "users", columns = ["id"] }
)toml";

struct TwoProjects {
  TempWorkspace ws;
  TestDatabase db;
  TwoProjects() {
    fs::create_directories(ws.root() / "schemas");
    write("auth", kAuth);
    write("todo", kTodoToml);
  }
  void write(const std::string& project, const std::string& toml) const {
    std::ofstream(ws.root() / "schemas" / (project + ".toml"), std::ios::trunc) << toml;
  }
  // Against the database; `recon plan` without --db, so that it plans from the revisions.
  ProcessResult recon(std::vector<std::string> args) const {
    args.insert(args.end(),
                {"--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
    if (args.front() != "plan") args.insert(args.end(), {"--db", db.url()});
    return run_recon(args);
  }
  void sql(const std::string& statement) {
    pqxx::work w(db.conn());
    w.exec(statement);
    w.commit();
  }
};

}  // namespace

TEST_CASE("status lists declared changes not yet planned, and drift object by object",
          "[status][cli]") {
  TwoProjects p;
  REQUIRE(p.recon({"plan"}).exit_code == 0);
  REQUIRE(p.recon({"apply"}).exit_code == 0);
  CHECK(p.recon({"status", "--detailed-exitcode"}).exit_code == 0);

  // A project referencing another plans on its own: the other's revisions replay first.
  std::string with_note = kTodoToml;
  with_note.insert(with_note.find("]\n[[tables.todos.foreign_keys]]"),
                   "  { name = \"note\", type = \"text\" },\n");
  p.write("todo", with_note);
  const auto check = p.recon({"plan", "todo", "--check"});
  INFO(check.err);
  CHECK(check.exit_code == exit_code::changes);
  CHECK_THAT(check.out, Catch::Contains("+ column todos.note"));

  const auto json_run = p.recon({"--format", "json", "status", "--detailed-exitcode"});
  INFO(json_run.err);
  CHECK(json_run.exit_code == exit_code::changes);
  const auto json = nlohmann::json::parse(json_run.out);
  REQUIRE(json["projects"].size() == 2);
  for (const auto& project : json["projects"]) {
    if (project["project"] == "todo") {
      CHECK(project["unplanned"] == nlohmann::json::array({"+ column todos.note"}));
      CHECK(project["up_to_date"] == false);
    } else {
      CHECK(project["unplanned"] == nlohmann::json::array());
      CHECK(project["up_to_date"] == true);
    }
  }

  p.sql("ALTER TABLE todo.todos ADD COLUMN sneaky int; ALTER TABLE auth.users DROP COLUMN email");
  const auto text = p.recon({"status"});
  INFO(text.err);
  CHECK_THAT(text.out,
             Catch::Contains("changed outside recon:\n              + column todos.sneaky\n"));
  CHECK_THAT(text.out,
             Catch::Contains("changed outside recon:\n              - column users.email\n"));
  CHECK_THAT(text.out, Catch::Contains("the declaration has changes no revision plans yet"));

  // With nothing to apply, apply succeeds but says the schema drifted.
  const auto nothing_pending = p.recon({"apply", "auth"});
  CHECK(nothing_pending.exit_code == 0);
  CHECK_THAT(nothing_pending.out, Catch::Contains("warning: the live schema auth differs"));

  // Planned, the new revision is refused on the drifted schema, with the objects named.
  REQUIRE(p.recon({"plan", "todo"}).exit_code == 0);
  const auto refused = p.recon({"apply", "todo"});
  CHECK(refused.exit_code == exit_code::refused);
  CHECK_THAT(refused.err, Catch::Contains("+ column todos.sneaky"));
  CHECK_THAT(refused.err, Catch::Contains("Nothing was changed."));
}

TEST_CASE("revision files that do not verify are invalid input; an applied one edited is refused",
          "[status][cli]") {
  TwoProjects p;
  REQUIRE(p.recon({"plan"}).exit_code == 0);
  REQUIRE(p.recon({"apply", "auth"}).exit_code == 0);
  const auto edit = [](const fs::path& file) {
    std::string text = read_text(file);
    const auto at = text.find("NOT NULL");
    REQUIRE(at != std::string::npos);
    text.erase(at, 8);
    std::ofstream(file, std::ios::trunc) << text;
  };
  // todo's revision was never applied: its file is simply wrong (3), and nothing runs.
  edit(p.ws.plans_dir("todo") / "0001_initial.sql");
  const auto invalid = p.recon({"apply", "todo"});
  CHECK(invalid.exit_code == exit_code::invalid_input);
  CHECK_THAT(invalid.err, Catch::Contains("0001_initial.sql"));
  CHECK_FALSE(relation_exists(p.db.conn(), "todo", "todos"));

  // auth's was applied: editing it now is a mismatch with the database (4).
  edit(p.ws.plans_dir("auth") / "0001_initial.sql");
  const auto refused = p.recon({"apply", "auth"});
  CHECK(refused.exit_code == exit_code::refused);
  CHECK_THAT(refused.err, Catch::Contains("was applied to this database"));
  const auto status = p.recon({"status", "auth", "--detailed-exitcode"});
  CHECK(status.exit_code == exit_code::changes);
  CHECK_THAT(status.out, Catch::Contains("edited:   0001_initial was applied"));
}
