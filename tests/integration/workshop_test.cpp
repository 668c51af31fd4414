// The seeds' workshop: one database, the example projects 00_personal_todo and
// 01_user_auth_todo (this repository's schemas/) in their own schemas with their own version
// tables, planned and applied independently; a change to one project never yields a step in the
// other's schema, and `public` stays empty.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/apply_fixture.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

std::vector<fs::path> revisions(const TempWorkspace& ws, const std::string& project) {
  std::vector<fs::path> out;
  if (!fs::exists(ws.plans_dir(project))) return out;
  for (const auto& e : fs::directory_iterator(ws.plans_dir(project))) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// The statements of a revision, without its comment lines.
std::string statements(const fs::path& revision) {
  std::istringstream in(read_text(revision));
  std::string out, line;
  while (std::getline(in, line))
    if (!line.starts_with("--")) out += line + "\n";
  return out;
}

int relations_in(pqxx::connection& conn, const std::string& schema) {
  pqxx::nontransaction txn(conn);
  return txn
      .exec_params1(
          "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
          "c.relnamespace WHERE n.nspname = $1",
          schema)[0]
      .as<int>();
}

}  // namespace

TEST_CASE("the workshop: two projects in one database, planned and applied independently",
          "[workshop][cli]") {
  TempWorkspace ws;
  for (const char* project : {"00_personal_todo", "01_user_auth_todo"}) {
    const fs::path from = source_root() / "schemas" / (std::string(project) + ".toml");
    REQUIRE(fs::exists(from));
    fs::copy_file(from, ws.root() / "schemas" / from.filename());
  }
  TestDatabase db;
  auto recon = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--root", ws.root().string(), "--no-color"});
    auto result = run_recon(args);
    UNSCOPED_INFO("recon " << args[0] << ": " << result.out << result.err);
    return result;
  };
  const std::string dev = server_url();

  REQUIRE(recon({"plan", "--dev-url", dev}).exit_code == 0);
  REQUIRE(revisions(ws, "00_personal_todo").size() == 1);
  REQUIRE(revisions(ws, "01_user_auth_todo").size() == 1);

  // Each project on its own, the referenced one first.
  REQUIRE(recon({"apply", "01_user_auth_todo", "--db", db.url()}).exit_code == 0);
  CHECK(applied_count(db.conn(), "01_user_auth_todo") == 1);
  CHECK(applied_count(db.conn(), "00_personal_todo") == 0);
  REQUIRE(recon({"apply", "00_personal_todo", "--db", db.url()}).exit_code == 0);
  CHECK(applied_count(db.conn(), "00_personal_todo") == 1);
  CHECK(relation_exists(db.conn(), "00_personal_todo", "recon_revisions"));
  CHECK(relation_exists(db.conn(), "01_user_auth_todo", "recon_revisions"));
  CHECK(relations_in(db.conn(), "public") == 0);

  // A change to 00_personal_todo: one revision there, nothing for 01_user_auth_todo.
  std::ofstream(ws.root() / "schemas" / "00_personal_todo.toml", std::ios::app) << R"toml(
[[tables.todos.columns]]
name = "due_at"
type = "timestamptz"
)toml";
  REQUIRE(recon({"plan", "--dev-url", dev, "-m", "due date"}).exit_code == 0);
  REQUIRE(revisions(ws, "00_personal_todo").size() == 2);
  CHECK(revisions(ws, "01_user_auth_todo").size() == 1);
  const std::string todo_sql = statements(revisions(ws, "00_personal_todo")[1]);
  CHECK(todo_sql.find("due_at") != std::string::npos);
  CHECK(todo_sql.find("01_user_auth_todo") == std::string::npos);

  // And one to 01_user_auth_todo: nothing for 00_personal_todo.
  std::ofstream(ws.root() / "schemas" / "01_user_auth_todo.toml", std::ios::app) << R"toml(
[[tables.users.columns]]
name = "display_name"
type = "text"
)toml";
  REQUIRE(recon({"plan", "--dev-url", dev, "-m", "display name"}).exit_code == 0);
  CHECK(revisions(ws, "00_personal_todo").size() == 2);
  REQUIRE(revisions(ws, "01_user_auth_todo").size() == 2);
  const std::string auth_sql = statements(revisions(ws, "01_user_auth_todo")[1]);
  CHECK(auth_sql.find("display_name") != std::string::npos);
  CHECK(auth_sql.find("00_personal_todo") == std::string::npos);

  const auto before = relations_in(db.conn(), "01_user_auth_todo");
  REQUIRE(recon({"apply", "00_personal_todo", "--db", db.url()}).exit_code == 0);
  CHECK(applied_count(db.conn(), "00_personal_todo") == 2);
  CHECK(applied_count(db.conn(), "01_user_auth_todo") == 1);
  CHECK(relations_in(db.conn(), "01_user_auth_todo") == before);
  REQUIRE(recon({"apply", "--db", db.url()}).exit_code == 0);
  CHECK(applied_count(db.conn(), "01_user_auth_todo") == 2);
  CHECK(recon({"status", "--db", db.url(), "--detailed-exitcode"}).exit_code == 0);
  CHECK(recon({"plan", "--dev-url", dev, "--check"}).exit_code == 0);
  CHECK(relations_in(db.conn(), "public") == 0);
}
