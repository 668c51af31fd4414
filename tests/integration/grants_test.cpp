// Privileges end to end through the command line (issue 17): roles are preconditions that
// apply checks before it runs anything, a grant to PUBLIC is refused without opt-in, and
// inspect of a schema with grants of every kind plans them back from empty.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>

#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

// A role name of this test process: the cluster is shared by tests running at once.
std::string own_role(const std::string& what) {
  return "recon_grants_" + what + "_" + std::to_string(::getpid());
}

void on_server(const std::string& sql) {
  pqxx::connection conn(server_url());
  pqxx::nontransaction(conn).exec(sql);
}

void declare(const TempWorkspace& ws, const std::string& toml) {
  std::ofstream(ws.root() / "schemas" / "shop.toml", std::ios::trunc) << "schema = \"shop\"\n"
                                                                      << toml;
}

ProcessResult recon_in(const TempWorkspace& ws, std::vector<std::string> args) {
  args.insert(args.end(), {"--root", ws.root().string()});
  auto result = run_recon(args);
  UNSCOPED_INFO("recon " << args[0] << ":\n" << result.out << result.err);
  return result;
}

const char* const kTable = R"toml(
[tables.orders]
primary_key = ["id"]
[[tables.orders.columns]]
name = "id"
type = "bigint"
)toml";

bool has_table(pqxx::connection& conn, const std::string& name) {
  pqxx::nontransaction txn(conn);
  return txn.exec1("SELECT to_regclass('shop." + name + "') IS NOT NULL")[0].as<bool>();
}

}  // namespace

TEST_CASE("apply refuses revisions whose roles do not exist, before any step, with the SQL",
          "[grants][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  const std::string role = own_role("reader");
  declare(ws, std::string(kTable) + "[[grants]]\nroles = [\"" + role +
                  "\"]\nprivileges = [\"select\"]\ntables = [\"orders\"]\n");
  REQUIRE(recon_in(ws, {"plan", "--dev-url", server_url(), "--no-color"}).exit_code == 0);
  const std::string revision = read_text(ws.plans_dir("shop") / "0001_initial.sql");
  CHECK(revision.find("-- roles: " + role + "\n") != std::string::npos);
  const auto verified = recon_in(ws, {"verify"});
  CHECK(verified.out.find("shop needs roles (they must exist where it is applied): " + role) !=
        std::string::npos);

  // The dev server made the role to check the plan; the target server is the same cluster
  // here, so take it away again.
  on_server("DROP ROLE IF EXISTS " + role);
  const auto refused = recon_in(ws, {"apply", "--db", db.url()});
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("roles that do not exist on this server: " + role) != std::string::npos);
  CHECK(refused.err.find("CREATE ROLE " + role + " NOLOGIN;") != std::string::npos);
  CHECK_FALSE(has_table(db.conn(), "orders"));  // nothing ran

  on_server("CREATE ROLE " + role + " NOLOGIN");
  const auto applied = recon_in(ws, {"apply", "--db", db.url()});
  CHECK(applied.exit_code == 0);
  pqxx::nontransaction txn(db.conn());
  CHECK(txn.exec1("SELECT has_table_privilege('" + role + "', 'shop.orders', 'SELECT')")[0]
            .as<bool>());
  txn.exec("DROP OWNED BY " + role);
  txn.exec("DROP ROLE " + role);
}

TEST_CASE("a grant to PUBLIC widens access: apply refuses it without opt-in", "[grants][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  declare(ws, std::string(kTable));
  REQUIRE(recon_in(ws, {"plan", "--dev-url", server_url()}).exit_code == 0);
  REQUIRE(recon_in(ws, {"apply", "--db", db.url()}).exit_code == 0);
  declare(ws, std::string(kTable) +
                  "[[grants]]\nroles = \"public\"\nprivileges = [\"select\"]\ntables = "
                  "[\"orders\"]\n");
  REQUIRE(recon_in(ws, {"plan", "--dev-url", server_url(), "-m", "open"}).exit_code == 0);
  const std::string revision = read_text(ws.plans_dir("shop") / "0002_open.sql");
  CHECK(revision.find("+ grant select on orders to public  [widens-access]") != std::string::npos);
  const auto refused = recon_in(ws, {"apply", "--db", db.url()});
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("widens-access") != std::string::npos);
  pqxx::nontransaction txn(db.conn());
  CHECK_FALSE(
      txn.exec1("SELECT has_table_privilege('public', 'shop.orders', 'SELECT')")[0].as<bool>());
  CHECK(recon_in(ws, {"apply", "--db", db.url(), "--allow-hazards", "widens-access"}).exit_code ==
        0);
  CHECK(txn.exec1("SELECT has_table_privilege('public', 'shop.orders', 'SELECT')")[0].as<bool>());

  // A grant made by hand is drift, object by object.
  txn.exec("GRANT INSERT ON shop.orders TO PUBLIC");
  const auto status = recon_in(ws, {"status", "--db", db.url(), "--no-color"});
  CHECK(status.out.find("+ grant insert on orders to public") != std::string::npos);
}

// Grants of every kind, made by hand: inspect declares them, a plan from empty creates them
// in another database, and both hold the same privileges (has_*_privilege, pg_default_acl).
TEST_CASE("inspect of a schema with privileges plans them back from empty", "[grants][cli]") {
  const std::string reader = own_role("r");
  const std::string writer = own_role("w");
  const std::string owner = own_role("o");
  for (const auto& role : {reader, writer, owner})
    on_server("DO $$ BEGIN CREATE ROLE " + role +
              " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  const std::string made =
      read_text(source_root() / "tests" / "cases" / "grants" / "every_kind.sql");
  auto with_roles = [&](std::string sql) {
    for (const auto& [placeholder, role] :
         {std::pair{std::string("READER"), reader}, {"WRITER", writer}, {"OWNER", owner}})
      for (auto at = sql.find(placeholder); at != std::string::npos; at = sql.find(placeholder))
        sql.replace(at, placeholder.size(), role);
    return sql;
  };
  TempWorkspace ws;
  TestDatabase by_hand, from_plan;
  {
    pqxx::nontransaction txn(by_hand.conn());
    txn.exec(with_roles(made));
  }
  REQUIRE(
      recon_in(ws, {"inspect", "--db", by_hand.url(), "--schema", "shop", "--write"}).exit_code ==
      0);
  const std::string toml = read_text(ws.root() / "schemas" / "shop.toml");
  CHECK(toml.find("[[default_privileges]]") != std::string::npos);
  CHECK(toml.find("[[revokes]]") != std::string::npos);
  REQUIRE(recon_in(ws, {"plan", "--dev-url", server_url()}).exit_code == 0);
  REQUIRE(recon_in(ws, {"apply", "--db", from_plan.url(), "--allow-hazards", "widens-access"})
              .exit_code == 0);
  const std::string privileges =
      read_text(source_root() / "tests" / "cases" / "grants" / "every_kind_privileges.sql");
  auto held = [&](TestDatabase& db) {
    pqxx::nontransaction txn(db.conn());
    std::string out;
    for (const auto& row : txn.exec(with_roles(privileges)))
      out += row[0].c_str() + std::string("\n");
    return out;
  };
  const std::string expected = held(by_hand);
  CHECK(expected.find("t") != std::string::npos);
  CHECK(held(from_plan) == expected);
  // And nothing left to do.
  const auto again =
      recon_in(ws, {"plan", "--dev-url", server_url(), "--db", from_plan.url(), "--check"});
  CHECK(again.exit_code == 0);
}
