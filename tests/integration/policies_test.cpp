// Row-level security end to end, as a user meets it: declared, planned and applied with
// `recon`, then seen from the role a policy names; what widens access refused without opt-in;
// policies changed by hand shown as drift.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <pqxx/pqxx>

#include "plan/replay.hpp"

#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

// Roles are cluster-wide and tests run in parallel on one cluster: names of these tests' own,
// created if missing.
void create_policy_test_role(TestDatabase& db) {
  pqxx::nontransaction txn(db.conn());
  txn.exec(
      "DO $$ BEGIN CREATE ROLE rls_it_app; EXCEPTION WHEN duplicate_object OR unique_violation "
      "THEN NULL; END $$");
}

void declare_todos(const TempWorkspace& ws, const std::string& name) {
  fs::copy_file(source_root() / "tests" / "integration" / "data" / "policies" / name,
                ws.root() / "schemas" / "todos.toml", fs::copy_options::overwrite_existing);
}

ProcessResult recon_on(const TempWorkspace& ws, const TestDatabase& db,
                       std::vector<std::string> args) {
  args.insert(args.end(), {"--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
  if (args.front() != "plan") args.insert(args.end(), {"--db", db.url()});
  return run_recon(args);
}

std::string query_text(TestDatabase& db, const std::string& sql) {
  pqxx::work txn(db.conn());
  return txn.exec1(sql)[0].as<std::string>();
}

const char* const kPolicies =
    "SELECT coalesce(string_agg(policyname || ' ' || cmd, ', ' ORDER BY policyname), '') "
    "FROM pg_policies WHERE schemaname = 'rls_todos'";
const char* const kFlags =
    "SELECT relrowsecurity::text FROM pg_class WHERE oid = 'rls_todos.todos'::regclass";

// Plans and applies todos.toml on `db`, then grants its role what it needs by hand (these
// tests are about policies, which filter rows a role may read at all), and adds two rows.
void apply_todos(const TempWorkspace& ws, TestDatabase& db) {
  create_policy_test_role(db);
  declare_todos(ws, "todos.toml");
  const auto plan = recon_on(ws, db, {"plan"});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  const auto apply = recon_on(ws, db, {"apply"});
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  pqxx::work txn(db.conn());
  txn.exec(
      "GRANT USAGE ON SCHEMA rls_todos TO rls_it_app; "
      "GRANT SELECT, INSERT ON rls_todos.todos TO rls_it_app; "
      "INSERT INTO rls_todos.todos VALUES (1, 'rls_it_app', 'mine'), (2, 'someone_else', "
      "'theirs')");
  txn.commit();
}

}  // namespace

TEST_CASE("a role sees only the rows its policies let through, and inserts only those",
          "[policies][apply][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  apply_todos(ws, db);

  pqxx::work txn(db.conn());
  txn.exec("SET LOCAL ROLE rls_it_app");
  CHECK(txn.exec1("SELECT string_agg(title, ',') FROM rls_todos.todos")[0].as<std::string>() ==
        "mine");
  txn.exec("INSERT INTO rls_todos.todos (id, title) VALUES (3, 'new of mine')");
  CHECK(txn.exec1("SELECT count(*) FROM rls_todos.todos")[0].as<int>() == 2);
  try {
    txn.exec("INSERT INTO rls_todos.todos VALUES (4, 'someone_else', 'forged')");
    FAIL("the insert policy's WITH CHECK let a row of another owner in");
  } catch (const pqxx::sql_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("violates row-level security policy"));
  }
}

TEST_CASE("dropping a policy or disabling row-level security needs --allow-hazards widens-access",
          "[policies][apply][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  apply_todos(ws, db);
  REQUIRE(query_text(db, kPolicies) == "add_own INSERT, read_own SELECT");

  declare_todos(ws, "todos_open.toml");
  const auto plan = recon_on(ws, db, {"plan"});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK_THAT(plan.out, Catch::Contains("- policy todos.add_own"));
  CHECK_THAT(plan.out, Catch::Contains("~ row level security on todos: disable"));

  const auto refused = recon_on(ws, db, {"apply"});
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code != 0);
  CHECK_THAT(refused.err, Catch::Contains("--allow-hazards widens-access"));
  CHECK_THAT(refused.err, Catch::Contains("- policy todos.add_own"));
  CHECK_THAT(refused.err, Catch::Contains("~ row level security on todos: disable"));
  // Nothing ran: both policies and the flag are as they were.
  CHECK(query_text(db, kPolicies) == "add_own INSERT, read_own SELECT");
  CHECK(query_text(db, kFlags) == "true");

  const auto allowed = recon_on(ws, db, {"apply", "--allow-hazards", "widens-access"});
  INFO(allowed.out << allowed.err);
  REQUIRE(allowed.exit_code == 0);
  CHECK(query_text(db, kPolicies) == "read_own SELECT");
  CHECK(query_text(db, kFlags) == "false");
}

TEST_CASE("policies and row-level security changed by hand show as drift, object by object",
          "[policies][status][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  apply_todos(ws, db);
  CHECK(recon_on(ws, db, {"status", "--detailed-exitcode"}).exit_code == 0);
  {
    pqxx::work txn(db.conn());
    txn.exec(
        "CREATE POLICY by_hand ON rls_todos.todos FOR DELETE USING (true); "
        "DROP POLICY add_own ON rls_todos.todos; "
        "ALTER POLICY read_own ON rls_todos.todos USING (true); "
        "ALTER TABLE rls_todos.todos DISABLE ROW LEVEL SECURITY");
    txn.commit();
  }
  const auto status = recon_on(ws, db, {"status"});
  INFO(status.out << status.err);
  CHECK_THAT(status.out, Catch::Contains("changed outside recon:"));
  CHECK_THAT(status.out, Catch::Contains("+ policy todos.by_hand\n"));
  CHECK_THAT(status.out, Catch::Contains("- policy todos.add_own\n"));
  CHECK_THAT(status.out, Catch::Contains("~ policy todos.read_own: using\n"));
  CHECK_THAT(status.out, Catch::Contains("~ row level security on todos: disable\n"));
}

TEST_CASE("plan on its own throwaway cluster: the roles policies name are made there",
          "[policies][plan][cli]") {
  // No role of todos.toml exists on a fresh cluster: normalizing the declaration needs it, and
  // so does replaying the first revision to plan the second.
  TempWorkspace ws;
  declare_todos(ws, "todos.toml");
  const auto first = run_recon({"plan", "--root", ws.root().string(), "--no-color"});
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("+ policy todos.read_own"));
  // The revision names the role, for apply to check and replays to make.
  CHECK_THAT(read_text(ws.plans_dir("todos") / "0001_initial.sql"),
             Catch::Contains("-- roles: rls_it_app\n"));
  declare_todos(ws, "todos_open.toml");
  const auto second = run_recon({"plan", "--root", ws.root().string(), "--no-color"});
  INFO(second.out << second.err);
  REQUIRE(second.exit_code == 0);
  CHECK_THAT(second.out, Catch::Contains("- policy todos.add_own"));
}
