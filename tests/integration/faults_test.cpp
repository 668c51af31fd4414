// Connection faults, through the recon binary: a server that is not running, a wrong password,
// an unknown database, a server restarted in the middle of a revision, and lock_timeout and
// statement_timeout hit behind another session's lock (more on lock waits in
// apply_in_use_test.cpp). Each must give a clear message, leave nothing half-applied, and a later
// run must finish the job.

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <optional>
#include <thread>

#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "pg/cluster.hpp"
#include "pg/conninfo.hpp"
#include "support/apply_fixture.hpp"
#include "support/db_snapshot.hpp"
#include "support/test_database.hpp"

using namespace recon;
using namespace recon::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string kFaultsProject = "faults";

// Revision 1 creates a table; revision 2 alters it (it needs the table's ACCESS EXCLUSIVE lock).
void build_chain(ChainBuilder& chain) {
  chain.add("initial", {make_step("+ schema faults", "CREATE SCHEMA IF NOT EXISTS faults;"),
                        make_step("+ table t", "CREATE TABLE t (id int PRIMARY KEY);")});
  chain.add("alter_t", {make_step("+ column t.c", "ALTER TABLE t ADD COLUMN c int;"),
                        make_step("+ table u", "CREATE TABLE u (id int);")});
}

}  // namespace

TEST_CASE("unreachable servers and unknown databases: a clear message, exit 1",
          "[hostile][faults]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kFaultsProject, kFaultsProject);
  build_chain(chain);
  const auto dir = ws.root() / "no-server-here";
  fs::create_directories(dir);
  const std::string nothing_listens =
      "postgresql:///db?host=" + pg::percent_encode(dir.string()) + "&port=5999&user=postgres";
  for (const auto& command : {"apply", "status", "history"}) {
    INFO(command);
    std::vector<std::string> args = {"--root", ws.root().string(), "--db", nothing_listens,
                                     command};
    if (std::string(command) == "history") args.push_back(kFaultsProject);
    const auto result = run_recon(args);
    CHECK(result.exit_code == exit_code::error);
    CHECK_THAT(result.err, Catch::Contains("cannot reach the database"));
    CHECK_THAT(result.err, Catch::Contains("No such file or directory"));
  }
  // The dev server for planning, likewise.
  std::ofstream(ws.root() / "schemas" / "faults.toml") << "[tables.t]\n";
  const auto plan = run_recon({"--root", ws.root().string(), "--dev-url", nothing_listens, "plan"});
  CHECK(plan.exit_code == exit_code::error);
  CHECK_THAT(plan.err, Catch::Contains("5999"));

  const std::string unknown = server_url("recon_no_such_database");
  const auto result = run_recon({"--root", ws.root().string(), "--db", unknown, "apply"});
  CHECK(result.exit_code == exit_code::error);
  CHECK_THAT(result.err, Catch::Contains("database \"recon_no_such_database\" does not exist"));
}

TEST_CASE("a stopped server, a wrong password, and a restart in the middle of a revision",
          "[hostile][faults]") {
  // A cluster of its own: stopping or reconfiguring the shared one would disturb other tests.
  auto cluster = pg::Cluster::start();
  TempWorkspace ws;
  ChainBuilder chain(ws, kFaultsProject, kFaultsProject);
  chain.add("initial", {make_step("+ schema faults", "CREATE SCHEMA IF NOT EXISTS faults;"),
                        make_step("+ table t", "CREATE TABLE t (id int PRIMARY KEY);"),
                        make_step("~ wait", "SELECT pg_sleep(0.5);"),
                        make_step("+ table u", "CREATE TABLE u (id int REFERENCES t);")});
  {
    pqxx::connection admin(cluster.url());
    pqxx::nontransaction txn(admin);
    txn.exec("CREATE DATABASE target");
    txn.exec("CREATE DATABASE target2");
    txn.exec("CREATE ROLE pw_user LOGIN SUPERUSER PASSWORD 'right-pw'");
  }
  const std::string url = cluster.url("target");
  pqxx::connection conn(url);
  const auto apply = [&](const std::string& db_url) {
    return run_recon({"--root", ws.root().string(), "--db", db_url, "--no-color", "apply"});
  };

  {
    INFO("the server stopped, then started again");
    const std::string before = catalog_digest(conn);
    cluster.stop_server();
    const auto stopped = apply(url);
    CHECK(stopped.exit_code == exit_code::error);
    CHECK_THAT(stopped.err, Catch::Contains("cannot reach the database"));
    cluster.start_server();
    pqxx::connection again(url);
    CHECK(catalog_digest(again) == before);
  }
  {
    INFO("the server restarted in the middle of the revision");
    const auto out = ws.root() / "apply.out";
    const auto err = ws.root() / "apply.err";
    const pid_t pid = spawn_recon({"--root", ws.root().string(), "--db", url, "apply"}, out, err);
    // Wait until the revision's transaction has written (table t exists in it) and sleeps.
    bool in_revision = false;
    {
      pqxx::connection watch(url);
      pqxx::nontransaction txn(watch);
      for (int i = 0; i < 500 && !in_revision; ++i) {
        in_revision = !txn.exec(
                              "SELECT 1 FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
                              "AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()")
                           .empty();
        if (!in_revision) std::this_thread::sleep_for(5ms);
      }
    }
    REQUIRE(in_revision);
    cluster.restart(pg::StopMode::fast);
    const int code = wait_for(pid);
    const std::string message = read_text(err);
    INFO(message);
    CHECK(code == exit_code::error);
    CHECK_THAT(message, Catch::Contains("0001_initial"));
    CHECK_THAT(message, Catch::Contains("rolled back"));
    pqxx::connection again(url);
    // Nothing of the revision is left, and it is not recorded.
    CHECK(applied_count(again, kFaultsProject) == 0);
    CHECK_FALSE(relation_exists(again, kFaultsProject, "t"));
    CHECK_FALSE(relation_exists(again, kFaultsProject, "recon_revisions"));
    // A new run applies it, once.
    const auto rerun = apply(url);
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(applied_count(again, kFaultsProject) == 1);
    CHECK(relation_exists(again, kFaultsProject, "u"));
    CHECK(apply(url).exit_code == 0);
    CHECK(applied_count(again, kFaultsProject) == 1);
  }
  {
    INFO("a wrong password");
    pqxx::connection conn2(cluster.url("target2"));
    // Password authentication for pw_user on the socket; everyone else keeps trust.
    std::ofstream(cluster.data_dir() / "pg_hba.conf", std::ios::trunc)
        << "local all pw_user scram-sha-256\nlocal all all trust\n";
    pqxx::nontransaction(conn2).exec("SELECT pg_reload_conf()");
    std::this_thread::sleep_for(200ms);
    const std::string base =
        "postgresql:///target2?host=" + pg::percent_encode(cluster.socket_dir().string()) +
        "&port=" + std::to_string(cluster.port()) + "&user=pw_user";
    const auto wrong = apply(base + "&password=wrong-pw-1234");
    CHECK(wrong.exit_code == exit_code::error);
    CHECK_THAT(wrong.err, Catch::Contains("password authentication failed for user \"pw_user\""));
    CHECK(wrong.err.find("wrong-pw-1234") == std::string::npos);
    CHECK(wrong.out.find("wrong-pw-1234") == std::string::npos);
    CHECK(applied_count(conn2, kFaultsProject) == 0);
    const auto missing = apply(base);
    CHECK(missing.exit_code == exit_code::error);
    CHECK_THAT(missing.err, Catch::Contains("password"));
    const auto right = apply(base + "&password=right-pw");
    INFO(right.err);
    CHECK(right.exit_code == 0);
    CHECK(right.err.find("right-pw") == std::string::npos);
    CHECK(right.out.find("right-pw") == std::string::npos);
    CHECK(applied_count(conn2, kFaultsProject) == 1);
  }
}

TEST_CASE("lock_timeout and statement_timeout behind another session's lock: nothing applied",
          "[hostile][faults]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kFaultsProject, kFaultsProject);
  build_chain(chain);
  TestDatabase db;
  const std::vector<std::string> base = {"--root", ws.root().string(), "--db",
                                         db.url(), "--no-color",       "apply"};
  REQUIRE(run_recon(with(base, {"--to", "1"})).exit_code == 0);
  const std::string before = catalog_digest(db.conn());

  // Another session reads t in an open transaction: ALTER TABLE must wait for it.
  auto holder = db.connect();
  pqxx::work hold(*holder);
  hold.exec("LOCK TABLE faults.t IN ACCESS SHARE MODE");

  SECTION("--lock-timeout") {
    const auto start = std::chrono::steady_clock::now();
    const auto result = run_recon(with(base, {"--lock-timeout", "300ms", "--lock-retries", "0"}));
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(result.err);
    CHECK(result.exit_code == exit_code::refused);  // the lock held too long, rolled back
    CHECK_THAT(result.err, Catch::Contains("lock timeout"));
    CHECK_THAT(result.err, Catch::Contains("0002_alter_t"));
    CHECK_THAT(result.err, Catch::Contains("nothing of it was applied"));
    CHECK_THAT(result.err, Catch::Contains("pid " + std::to_string(holder->backendpid())));
    CHECK_THAT(result.err, Catch::Contains("LOCK TABLE faults.t IN ACCESS SHARE MODE"));
    CHECK(took < 5s);
  }
  SECTION("--statement-timeout") {
    const auto result =
        run_recon(with(base, {"--lock-timeout", "10s", "--statement-timeout", "300ms"}));
    INFO(result.err);
    CHECK(result.exit_code == exit_code::error);  // a step failed, rolled back
    CHECK_THAT(result.err, Catch::Contains("statement timeout"));
    CHECK_THAT(result.err, Catch::Contains("0002_alter_t"));
    CHECK_THAT(result.err, Catch::Contains("nothing of it was applied"));
  }
  // Nothing of revision 2 is there; the holder lets go, and a new run applies it.
  CHECK(catalog_digest(db.conn()) == before);
  CHECK_FALSE(column_exists(db.conn(), kFaultsProject, "t", "c"));
  hold.abort();
  const auto rerun = run_recon(base);
  INFO(rerun.err);
  CHECK(rerun.exit_code == 0);
  CHECK(column_exists(db.conn(), kFaultsProject, "t", "c"));
  CHECK(applied_count(db.conn(), kFaultsProject) == 2);
}
