// `recon plan` end to end, as a user runs it: the recon binary on a temporary workspace,
// planning on the test server (--dev-url) or on its own embedded throwaway cluster.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using recon::testing::read_text;
using recon::testing::run_recon;

namespace {

struct Workspace {
  fs::path root;
  Workspace() {
    root = fs::temp_directory_path() /
           ("recon-plan-cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(root);
    fs::create_directories(root / "schemas");
  }
  ~Workspace() { fs::remove_all(root); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  void declare(const std::string& toml) const {
    std::ofstream(root / "schemas" / "shop.toml") << toml;
  }
  void append(const std::string& toml) const {
    std::ofstream(root / "schemas" / "shop.toml", std::ios::app) << toml;
  }
  fs::path plans() const { return root / "plans" / "shop"; }
  std::vector<fs::path> revisions() const {
    std::vector<fs::path> out;
    if (!fs::exists(plans())) return out;
    for (const auto& e : fs::directory_iterator(plans())) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }
};

const char* kShop = R"toml(
schema = "Shop 01"

[enums.state]
values = ["new", "paid"]

[tables.customers]
primary_key = ["id"]
[[tables.customers.columns]]
name = "id"
type = "int"
identity = "always"
[[tables.customers.columns]]
name = "email"
type = "text"
nullable = false
unique = true

[tables.orders]
primary_key = ["id"]
[[tables.orders.columns]]
name = "id"
type = "bigint"
identity = "by default"
[[tables.orders.columns]]
name = "customer_id"
type = "int"
nullable = false
[[tables.orders.columns]]
name = "state"
type = "state"
nullable = false
default = "'new'"
[[tables.orders.foreign_keys]]
columns = ["customer_id"]
references = { table = "customers" }
)toml";

// Every directory and file under `root`, with each file's bytes.
std::map<std::string, std::string> tree_of(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const auto name = fs::relative(e.path(), root).string();
    out[name] = e.is_directory() ? "(directory)" : read_text(e.path());
  }
  return out;
}

std::vector<std::string> plan_args(const Workspace& ws, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "plan", "--root", ws.root.string(), "--dev-url", recon::testing::server_url(), "--no-color"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

TEST_CASE("plan writes the first revision, then says there is nothing to do", "[plan][cli]") {
  Workspace ws;
  ws.declare(kShop);
  const auto first = run_recon(plan_args(ws));
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  REQUIRE(ws.revisions().size() == 1);
  CHECK(ws.revisions()[0].filename() == "0001_initial.sql");
  const std::string text = read_text(ws.revisions()[0]);
  CHECK(text.find("CREATE SCHEMA IF NOT EXISTS \"Shop 01\";") != std::string::npos);
  CHECK(text.find("+ foreign key orders.orders_customer_id_fkey") != std::string::npos);
  // The foreign key is added after both tables exist.
  CHECK(text.find("ADD CONSTRAINT orders_customer_id_fkey") > text.find("CREATE TABLE orders"));
  CHECK(text.find("ADD CONSTRAINT orders_customer_id_fkey") > text.find("CREATE TABLE customers"));

  const auto again = run_recon(plan_args(ws, {"--detailed-exitcode"}));
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("no changes") != std::string::npos);
  CHECK(ws.revisions().size() == 1);
}

TEST_CASE("planning twice from the same inputs gives byte-identical files", "[plan][cli]") {
  Workspace ws;
  ws.declare(kShop);
  REQUIRE(run_recon(plan_args(ws)).exit_code == 0);
  ws.append("[[tables.orders.columns]]\nname = \"note\"\ntype = \"text\"\n");
  REQUIRE(run_recon(plan_args(ws, {"-m", "Add a note!"})).exit_code == 0);
  REQUIRE(ws.revisions().size() == 2);
  CHECK(ws.revisions()[1].filename() == "0002_add_a_note.sql");
  const std::string first = read_text(ws.revisions()[0]), second = read_text(ws.revisions()[1]);

  fs::remove_all(ws.plans());
  ws.declare(kShop);
  REQUIRE(run_recon(plan_args(ws)).exit_code == 0);
  ws.append("[[tables.orders.columns]]\nname = \"note\"\ntype = \"text\"\n");
  REQUIRE(run_recon(plan_args(ws, {"-m", "Add a note!"})).exit_code == 0);
  REQUIRE(ws.revisions().size() == 2);
  CHECK(read_text(ws.revisions()[0]) == first);
  CHECK(read_text(ws.revisions()[1]) == second);
}

TEST_CASE("plan --check writes nothing and exits 2 when the declaration has unplanned changes",
          "[plan][cli]") {
  Workspace ws;
  ws.declare(kShop);
  REQUIRE(run_recon(plan_args(ws)).exit_code == 0);
  CHECK(run_recon(plan_args(ws, {"--check"})).exit_code == 0);
  ws.append("[[tables.customers.columns]]\nname = \"name\"\ntype = \"text\"\n");
  const auto check = run_recon(plan_args(ws, {"--check"}));
  CHECK(check.exit_code == 2);
  CHECK(check.out.find("+ column customers.name") != std::string::npos);
  CHECK(ws.revisions().size() == 1);
}

// The commands that only look (README: "--check writes nothing") leave every byte of the
// workspace as it was, the local cache .recon/ included: whether it is complete, missing, or
// holds a damaged snapshot that a real plan would remove and write anew.
TEST_CASE("plan --check, status and graph leave the workspace byte-identical", "[plan][cli]") {
  Workspace ws;
  recon::testing::TestDatabase db;
  ws.declare(kShop);
  REQUIRE(run_recon(plan_args(ws)).exit_code == 0);
  REQUIRE(fs::exists(ws.root / ".recon" / "snapshots"));
  ws.append("[[tables.customers.columns]]\nname = \"name\"\ntype = \"text\"\n");
  const auto dev = recon::testing::server_url();
  const std::string root = ws.root.string();
  const auto look = [&](const std::string& how) {
    const auto before = tree_of(ws.root);
    const auto check = run_recon(plan_args(ws, {"--check"}));
    INFO(how << ": " << check.out << check.err);
    CHECK(check.exit_code == 2);
    const auto status = run_recon({"status", "--root", root, "--db", db.url(), "--dev-url", dev});
    INFO(status.out << status.err);
    CHECK(status.exit_code == 0);
    CHECK(status.out.find("customers.name") != std::string::npos);
    const auto graph = run_recon({"graph", "shop", "--root", root, "--dev-url", dev});
    INFO(graph.err);
    CHECK(graph.exit_code == 0);
    const auto after = tree_of(ws.root);
    CHECK(after.size() == before.size());
    for (const auto& [name, bytes] : after) {
      INFO(name);
      CHECK((before.count(name) && before.at(name) == bytes));
    }
  };
  look("with the cache a plan left");
  for (const auto& e : fs::directory_iterator(ws.root / ".recon" / "snapshots"))
    std::ofstream(e.path(), std::ios::app) << "damage";
  look("with a damaged snapshot");
  fs::remove_all(ws.root / ".recon");
  look("without a cache");
  CHECK_FALSE(fs::exists(ws.root / ".recon"));
}

TEST_CASE("plan output for machines and for pull requests", "[plan][cli]") {
  Workspace ws;
  ws.declare(kShop);
  const auto json = run_recon(plan_args(ws, {"--check", "--format", "json"}));
  REQUIRE(json.exit_code == 2);
  const auto parsed = nlohmann::json::parse(json.out);
  REQUIRE(parsed.size() == 1);
  CHECK(parsed[0]["project"] == "shop");
  CHECK(parsed[0]["schema"] == "Shop 01");
  CHECK(parsed[0]["target_fingerprint"].get<std::string>().rfind("sha256:", 0) == 0);
  CHECK(parsed[0]["steps"].size() >= 4);
  const auto markdown = run_recon(plan_args(ws, {"--check", "--format", "markdown"}));
  CHECK(markdown.out.find("| # | change | hazards |") != std::string::npos);
}

TEST_CASE("a dropped column is planned with its data-loss hazard", "[plan][cli]") {
  Workspace ws;
  ws.declare(std::string(kShop) +
             "[[tables.customers.columns]]\nname = \"legacy\"\ntype = \"text\"\n");
  REQUIRE(run_recon(plan_args(ws)).exit_code == 0);
  ws.declare(kShop);
  REQUIRE(run_recon(plan_args(ws)).exit_code == 0);
  REQUIRE(ws.revisions().size() == 2);
  const std::string text = read_text(ws.revisions()[1]);
  CHECK(text.find("--   - column customers.legacy  [data-loss]") != std::string::npos);
  CHECK(text.find("-- hazard data-loss:") != std::string::npos);
  CHECK(text.find("ALTER TABLE customers DROP COLUMN legacy;") != std::string::npos);
}

TEST_CASE("invalid declarations and edited revisions are reported with their location",
          "[plan][cli]") {
  Workspace ws;
  ws.declare(std::string(kShop) +
             "[[tables.orders.columns]]\nname = \"x\"\ntype = \"int\"\nnulable = false\n");
  const auto bad = run_recon(plan_args(ws));
  CHECK(bad.exit_code == 3);
  CHECK(bad.err.find("shop.toml:") != std::string::npos);
  CHECK(bad.err.find("did you mean 'nullable'?") != std::string::npos);

  ws.declare(kShop);
  REQUIRE(run_recon(plan_args(ws)).exit_code == 0);
  std::string text = read_text(ws.revisions()[0]);
  text.replace(text.find("NOT NULL"), 8, "NOT null");
  std::ofstream(ws.revisions()[0], std::ios::trunc) << text;
  const auto verify = run_recon({"verify", "--root", ws.root.string()});
  CHECK(verify.exit_code == 3);
  CHECK(verify.err.find("0001_initial.sql") != std::string::npos);
  CHECK(verify.err.find("edited") != std::string::npos);
  CHECK(run_recon(plan_args(ws)).exit_code == 3);
}

TEST_CASE("plan starts its own throwaway cluster when no dev server is given", "[plan][cli]") {
  Workspace ws;
  ws.declare(kShop);
  const auto result = run_recon({"plan", "--root", ws.root.string(), "--check"});
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.out.find("+ table orders") != std::string::npos);
}

TEST_CASE("plan --db takes in the live database's schema as a revision, then plans the rest",
          "[plan][cli]") {
  Workspace ws;
  ws.declare(kShop);
  recon::testing::TestDatabase live;
  {
    pqxx::work txn(live.conn());
    txn.exec(
        "CREATE SCHEMA \"Shop 01\"; CREATE TYPE \"Shop 01\".state AS ENUM ('new', 'paid');"
        "CREATE TABLE \"Shop 01\".customers (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " email text NOT NULL UNIQUE)");
    txn.commit();
  }
  const auto result = run_recon(plan_args(ws, {"--db", live.url()}));
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  // Revision 1 creates what the database has (so that the revisions replay to it) and is
  // marked as planned from it; revision 2 has the declared changes.
  REQUIRE(ws.revisions().size() == 2);
  const std::string taken_in = read_text(ws.revisions()[0]);
  CHECK(taken_in.find("-- planned-from: database") != std::string::npos);
  CHECK(taken_in.find("+ table customers") != std::string::npos);
  CHECK(taken_in.find("+ table orders") == std::string::npos);
  const std::string text = read_text(ws.revisions()[1]);
  CHECK(text.find("-- planned-from: chain") != std::string::npos);
  CHECK(text.find("+ table orders") != std::string::npos);
  CHECK(text.find("+ table customers") == std::string::npos);
}

TEST_CASE("graph prints the next plan's dependency graph as DOT", "[plan][cli]") {
  Workspace ws;
  ws.declare(kShop);
  const auto result = run_recon(
      {"graph", "shop", "--root", ws.root.string(), "--dev-url", recon::testing::server_url()});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.rfind("digraph \"shop\" {", 0) == 0);
  CHECK(result.out.find("+ foreign key orders.orders_customer_id_fkey") != std::string::npos);
  CHECK(result.out.find(" -> ") != std::string::npos);
  CHECK(ws.revisions().empty());
}

// A column of a type from an extension installed in another schema (issue 16: `public.cube`
// is accepted as long as the type exists): the dev database's scratch databases get the
// extension in that schema, and the target database has it already.
TEST_CASE("a column typed by an extension of another schema plans and applies",
          "[plan][cli][extensions]") {
  recon::testing::TempWorkspace ws;
  recon::testing::TestDatabase db;
  {
    pqxx::nontransaction txn(db.conn());
    txn.exec("CREATE EXTENSION IF NOT EXISTS cube WITH SCHEMA public");
  }
  std::ofstream(ws.root() / "schemas" / "geo.toml")
      << "schema = \"geo\"\n[tables.points]\n[[tables.points.columns]]\nname = \"p\"\n"
         "type = \"public.cube\"\n";
  const auto planned =
      run_recon({"plan", "--root", ws.root().string(), "--dev-url", recon::testing::server_url()});
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  const auto applied = run_recon({"apply", "--root", ws.root().string(), "--db", db.url()});
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  pqxx::nontransaction txn(db.conn());
  CHECK(txn.exec1("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
                  "'geo.points'::regclass AND attname = 'p'")[0]
            .as<std::string>() == "cube");
  const auto again = run_recon({"plan", "--root", ws.root().string(), "--dev-url",
                                recon::testing::server_url(), "--db", db.url(), "--check"});
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
}
