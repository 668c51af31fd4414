// `recon init` as a user runs it: the scaffold it writes plans and applies as it is.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using recon::testing::read_text;
using recon::testing::run_recon;
using recon::testing::TempWorkspace;
using recon::testing::TestDatabase;

TEST_CASE("init scaffolds a project that plans and applies as it is", "[init][cli]") {
  TempWorkspace ws;
  const auto init =
      run_recon({"init", "02_notes", "--schema", "Notes 02", "--root", ws.root().string()});
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  const fs::path file = ws.root() / "schemas" / "02_notes.toml";
  REQUIRE(fs::exists(file));
  CHECK(read_text(file).find("schema = \"Notes 02\"") != std::string::npos);
  // The next steps name the project and quote the schema for the shell.
  CHECK(init.out.find("recon plan 02_notes") != std::string::npos);
  CHECK(init.out.find("--schema 'Notes 02'") != std::string::npos);

  const auto plan = run_recon({"plan", "--root", ws.root().string(), "--dev-url",
                               recon::testing::server_url(), "--no-color"});
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  const fs::path revision = ws.plans_dir("02_notes") / "0001_initial.sql";
  REQUIRE(fs::exists(revision));
  CHECK(read_text(revision).find("CREATE SCHEMA IF NOT EXISTS \"Notes 02\"") != std::string::npos);

  TestDatabase db;
  const auto apply = run_recon({"apply", "--root", ws.root().string(), "--db", db.url()});
  INFO(apply.err);
  REQUIRE(apply.exit_code == 0);
  pqxx::nontransaction txn(db.conn());
  CHECK(txn.exec1("SELECT count(*) FROM pg_namespace WHERE nspname = 'Notes 02'")[0].as<int>() ==
        1);
}

TEST_CASE("init never overwrites a project", "[init][cli]") {
  TempWorkspace ws;
  const fs::path file = ws.root() / "schemas" / "todo.toml";
  std::ofstream(file) << "schema = \"mine\"\n";
  const auto again = run_recon({"init", "todo", "--root", ws.root().string()});
  CHECK(again.exit_code == 4);
  CHECK(again.err.find("already exists") != std::string::npos);
  CHECK(read_text(file) == "schema = \"mine\"\n");

  fs::create_directories(ws.root() / "schemas" / "billing");
  const auto dir = run_recon({"init", "billing", "--root", ws.root().string()});
  CHECK(dir.exit_code == 4);
  CHECK_FALSE(fs::exists(ws.root() / "schemas" / "billing.toml"));
}

TEST_CASE("init refuses names that cannot be a project or a schema", "[init][cli]") {
  TempWorkspace ws;
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"init", "../escape"}, "path separator"},
      {{"init", ".hidden"}, "starts with a dot"},
      {{"init", "todo.toml"}, "without the extension"},
      {{"init", "todo", "--schema", "pg_todo"}, "pg_"},
      {{"init", "todo", "--schema", std::string(64, 's')}, "longer than 63 bytes"},
      {{"init", "todo", "--schema", ""}, "is empty"},
  };
  for (const auto& c : cases) {
    auto args = c.args;
    args.insert(args.end(), {"--root", ws.root().string()});
    const auto result = run_recon(args);
    INFO(c.args[1]);
    CHECK(result.exit_code == 3);
    CHECK(result.err.find(c.says) != std::string::npos);
  }
  CHECK(fs::is_empty(ws.root() / "schemas"));
  CHECK_FALSE(fs::exists(ws.root() / "escape.toml"));
}
