// Online forms end to end, through the recon binary: the revision `recon plan` writes for an
// existing table (deterministic, with its locks and transaction boundaries), `--online=false`,
// applying it, and a CREATE INDEX CONCURRENTLY interrupted half-way (recon killed, or the server
// restarted): the next apply resumes and leaves no invalid index.

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <pqxx/pqxx>

#include "pg/cluster.hpp"
#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

using namespace recon;
using namespace recon::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const char* kOrders = R"toml(
schema = "shop"
[tables.orders]
primary_key = ["id"]
[[tables.orders.columns]]
name = "id"
type = "int"
[[tables.orders.columns]]
name = "customer"
type = "int"
[[tables.orders.columns]]
name = "total"
type = "int"
)toml";

// Revision 2: a NOT NULL (on the last column of kOrders), an index and a check on the existing
// table.
const char* kOrdersChanged = R"toml(nullable = false
[[tables.orders.indexes]]
name = "orders_customer_idx"
columns = ["customer"]
[[tables.orders.checks]]
name = "orders_total_check"
expression = "total >= 0"
)toml";

void declare_schema(const TempWorkspace& ws, const std::string& toml) {
  fs::create_directories(ws.root() / "schemas");
  std::ofstream(ws.root() / "schemas" / "shop.toml", std::ios::trunc) << toml;
}

fs::path revision(const TempWorkspace& ws, int number) {
  for (const auto& e : fs::directory_iterator(ws.plans_dir("shop")))
    if (e.path().filename().string().starts_with(number == 1 ? "0001_" : "0002_")) return e.path();
  FAIL("no revision " << number);
  return {};
}

ProcessResult in_workspace(const TempWorkspace& ws, std::vector<std::string> args) {
  args.insert(args.begin(),
              {"--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
  return run_recon(args);
}

int invalid_indexes(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  return txn
      .exec1(
          "SELECT count(*) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid "
          "WHERE c.relnamespace = 'shop'::regnamespace AND NOT x.indisvalid")[0]
      .as<int>();
}

}  // namespace

TEST_CASE("recon plan writes the online forms for an existing table, the same bytes twice",
          "[online][cli]") {
  TempWorkspace ws;
  declare_schema(ws, kOrders);
  REQUIRE(in_workspace(ws, {"plan"}).exit_code == 0);
  const std::string first = read_text(revision(ws, 1));
  CHECK(first.find("CONCURRENTLY") == std::string::npos);
  CHECK(first.find("-- lock:") == std::string::npos);
  CHECK(first.find("not-transactional") == std::string::npos);

  declare_schema(ws, std::string(kOrders) + kOrdersChanged);
  const auto planned = in_workspace(ws, {"plan"});
  INFO(planned.err);
  REQUIRE(planned.exit_code == 0);
  const fs::path file = revision(ws, 2);
  const std::string second = read_text(file);
  INFO(second);
  CHECK_THAT(second, Catch::Contains("-- lock: SHARE UPDATE EXCLUSIVE on orders for the whole "
                                     "build, in a transaction of its own; reads and writes go on\n"
                                     "-- recon: not-transactional\n"
                                     "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders "
                                     "(customer);\n"));
  CHECK_THAT(second, Catch::Contains("ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT "
                                     "VALID;"));
  CHECK_THAT(second, Catch::Contains("-- recon: not-transactional\nALTER TABLE orders VALIDATE "
                                     "CONSTRAINT total_recon_not_null;"));
  CHECK_THAT(second, Catch::Contains("-- recon: not-transactional\nALTER TABLE orders VALIDATE "
                                     "CONSTRAINT orders_total_check;"));

  // Planned again from scratch: byte-identical.
  fs::remove(file);
  fs::remove_all(ws.root() / ".recon");
  REQUIRE(in_workspace(ws, {"plan"}).exit_code == 0);
  CHECK(read_text(revision(ws, 2)) == second);

  // Asked for the blocking forms: another revision, all in one transaction.
  fs::remove(file);
  REQUIRE(in_workspace(ws, {"plan", "--online=false"}).exit_code == 0);
  const std::string blocking = read_text(revision(ws, 2));
  INFO(blocking);
  CHECK(blocking.find("CONCURRENTLY") == std::string::npos);
  CHECK(blocking.find("not-transactional") == std::string::npos);
  CHECK_THAT(blocking, Catch::Contains("-- lock: SHARE on orders for the whole build"));
  // The project's own `online = false` does the same.
  fs::remove(file);
  declare_schema(ws, "online = false\n" + std::string(kOrders) + kOrdersChanged);
  REQUIRE(in_workspace(ws, {"plan"}).exit_code == 0);
  CHECK(read_text(revision(ws, 2)) == blocking);
}

TEST_CASE("the online revision applies to a table with rows and converges", "[online][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  declare_schema(ws, kOrders);
  REQUIRE(in_workspace(ws, {"plan"}).exit_code == 0);
  REQUIRE(in_workspace(ws, {"--db", db.url(), "apply"}).exit_code == 0);
  pqxx::nontransaction(db.conn()).exec(
      "INSERT INTO shop.orders SELECT g, g % 10, g FROM generate_series(1, 5000) g");
  declare_schema(ws, std::string(kOrders) + kOrdersChanged);
  REQUIRE(in_workspace(ws, {"plan"}).exit_code == 0);
  const auto applied = in_workspace(ws, {"--db", db.url(), "apply"});
  INFO(applied.out << applied.err);
  CHECK(applied.exit_code == 0);
  CHECK(invalid_indexes(db.conn()) == 0);
  // Nothing left to plan against the database, nor pending.
  const auto again = in_workspace(ws, {"--db", db.url(), "plan", "--check"});
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(in_workspace(ws, {"--db", db.url(), "status", "--detailed-exitcode"}).exit_code == 0);
}

TEST_CASE("a CREATE INDEX CONCURRENTLY interrupted half-way resumes and leaves no invalid index",
          "[online][faults]") {
  auto cluster = pg::Cluster::start();
  TempWorkspace ws;
  declare_schema(ws, kOrders);
  REQUIRE(in_workspace(ws, {"plan"}).exit_code == 0);
  declare_schema(ws, std::string(kOrders) + R"toml(
[[tables.orders.indexes]]
name = "orders_customer_idx"
columns = ["customer"]
)toml");
  REQUIRE(in_workspace(ws, {"plan"}).exit_code == 0);

  for (const bool restart : {false, true}) {
    DYNAMIC_SECTION((restart ? "the server restarted" : "recon killed")) {
      const std::string dbname = restart ? "restarted" : "killed";
      {
        pqxx::connection admin(cluster.url());
        pqxx::nontransaction(admin).exec("CREATE DATABASE " + dbname);
      }
      const std::string url = cluster.url(dbname);
      const auto apply = [&] { return in_workspace(ws, {"--db", url, "apply"}); };
      REQUIRE(in_workspace(ws, {"--db", url, "apply", "--to", "1"}).exit_code == 0);
      pqxx::connection conn(url);
      pqxx::nontransaction(conn).exec(
          "INSERT INTO shop.orders SELECT g, g % 10, g FROM generate_series(1, 1000) g");

      // A writer whose transaction stays open: the build creates its (invalid) index, then
      // waits for the writer.
      auto writer = std::make_unique<pqxx::connection>(url);
      auto write = std::make_unique<pqxx::work>(*writer);
      write->exec("INSERT INTO shop.orders VALUES (100000, 1, 1)");
      const pid_t pid = spawn_recon(
          {"--root", ws.root().string(), "--dev-url", server_url(), "--db", url, "apply"},
          ws.root() / "apply.out", ws.root() / "apply.err");
      bool waiting = false;
      for (int i = 0; i < 1000 && !waiting; ++i) {
        waiting = invalid_indexes(conn) == 1;
        if (!waiting) std::this_thread::sleep_for(10ms);
      }
      REQUIRE(waiting);
      if (restart) {
        cluster.restart(pg::StopMode::fast);
        CHECK(wait_for(pid) != 0);
        write.reset();
        writer.reset();
      } else {
        ::kill(pid, SIGKILL);
        wait_for(pid);
        // The server goes on with the build once the writer is done, then ends the session.
        write->commit();
        write.reset();
        pqxx::connection watch(url);
        wait_for_sessions_to_end(watch, "recon");
      }
      pqxx::connection after(url);
      {
        pqxx::read_transaction txn(after);
        const auto row =
            txn.exec1("SELECT state, steps_done FROM shop.recon_revisions WHERE number = 2");
        CHECK(row[0].as<std::string>() == "partial");
        CHECK(row[1].as<int>() == 0);
      }
      const auto resumed = apply();
      INFO(resumed.out << resumed.err);
      CHECK(resumed.exit_code == 0);
      CHECK_THAT(resumed.err + resumed.out, Catch::Contains("resuming after step 0/1"));
      if (restart)
        CHECK_THAT(resumed.err + resumed.out, Catch::Contains("dropping the invalid index"));
      CHECK(invalid_indexes(after) == 0);
      CHECK(applied_count(after, "shop") == 2);
      CHECK(apply().exit_code == 0);
    }
  }
}
