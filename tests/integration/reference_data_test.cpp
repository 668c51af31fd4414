// Declared reference data ([tables.NAME.data], docs/reference-data.md) on a real PostgreSQL:
// rows in upsert and sync mode across two tables with a foreign key between them converge,
// deleting needs the data-loss opt-in, a plan is byte-identical when made again, values that do
// not fit their column are errors at their place, status shows rows changed outside recon,
// and `inspect --data` writes rows that plan no change.
#include <catch2/catch.hpp>
#include <filesystem>
#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;
namespace exit_code = recon::exit_code;

namespace {

// The schema: plans reference roles.
const char* kShopSchema = R"toml(
schema = "shop"
[tables.roles]
columns = [
  { name = "name", type = "text", primary_key = true },
  { name = "level", type = "integer", nullable = false },
  { name = "staff", type = "boolean", nullable = false, default = "false" },
]
[tables.plans]
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "text", nullable = false },
  { name = "price", type = "numeric(10,2)" },
  { name = "role", type = "text", nullable = false },
  { name = "features", type = "text[]" },
  { name = "since", type = "date" },
]
foreign_keys = [ { columns = ["role"], references = { table = "roles" } } ]
)toml";

// Written after the schema, so that each test can change it.
const char* kShopRows = R"toml(
[tables.roles.data]
mode = "sync"
rows = [
  { name = "admin", level = 10, staff = true },
  { name = "member", level = 1 },
]
[tables.plans.data]
mode = "upsert"
rows = [
  { id = 1, title = "free", price = 0, role = "member", features = ["todo"], since = 2024-01-01 },
  { id = 3, title = "pro", price = 10, role = "admin", features = ["todo", "it's \"x\""] },
]
)toml";

struct Shop {
  TempWorkspace ws;
  TestDatabase db;

  explicit Shop(const std::string& rows = kShopRows) { declare(rows); }
  void declare(const std::string& rows) const {
    write_file(ws.root() / "schemas" / "shop.toml", std::string(kShopSchema) + rows);
  }
  ProcessResult recon(std::vector<std::string> args) const {
    args.insert(args.end(),
                {"--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
    if (args.front() != "plan") args.insert(args.end(), {"--db", db.url()});
    return run_recon(args);
  }
  fs::path revision(const std::string& prefix) const {
    for (const auto& entry : fs::directory_iterator(ws.plans_dir("shop")))
      if (entry.path().filename().string().rfind(prefix, 0) == 0) return entry.path();
    FAIL("no revision " << prefix << " in " << ws.plans_dir("shop"));
    return {};
  }
  // The revision `prefix` removed and planned again: the same bytes.
  void check_planned_again(const std::string& prefix) const {
    const fs::path file = revision(prefix);
    const std::string first = read_text(file);
    fs::remove(file);
    REQUIRE(recon({"plan"}).exit_code == exit_code::ok);
    CHECK(read_text(revision(prefix)) == first);
  }
  std::string query(const std::string& sql) {
    pqxx::work w(db.conn());
    std::string out;
    for (const auto& row : w.exec(sql)) {
      for (const auto& field : row)
        out += (field.is_null() ? "NULL" : field.c_str()) + std::string("|");
      out += "\n";
    }
    w.commit();
    return out;
  }
  void sql(const std::string& statement) {
    pqxx::work w(db.conn());
    w.exec(statement);
    w.commit();
  }
};

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("reference rows converge in upsert and sync mode across a foreign key",
          "[reference_data][cli]") {
  Shop shop;
  REQUIRE(shop.recon({"plan"}).exit_code == exit_code::ok);
  const std::string first = read_text(shop.revision("0001"));
  // Referenced rows first, after the tables and the foreign key they need.
  const auto fk = first.find("-- step 4/8: + foreign key plans.plans_role_fkey");
  const auto admin = first.find("-- step 5/8: + row roles(name='admin')");
  const auto free = first.find("-- step 7/8: + row plans(id=1)");
  CHECK(fk != std::string::npos);
  CHECK(admin != std::string::npos);
  CHECK(free != std::string::npos);
  CHECK(first.find("VALUES (3, 'pro', 10.00, 'admin', E'{todo,\"it''s \\\\\"x\\\\\"\"}')") !=
        std::string::npos);
  shop.check_planned_again("0001");

  REQUIRE(shop.recon({"apply"}).exit_code == exit_code::ok);
  CHECK(shop.query("SELECT name, level, staff FROM shop.roles ORDER BY name") ==
        "admin|10|t|\nmember|1|f|\n");
  CHECK(shop.query("SELECT id, price, features[2], since FROM shop.plans ORDER BY id") ==
        "1|0.00|NULL|2024-01-01|\n3|10.00|it's \"x\"|NULL|\n");
  auto again = shop.recon({"plan"});
  CHECK(again.exit_code == exit_code::ok);
  CHECK(again.out.find("no changes") != std::string::npos);

  // A row added outside recon: upsert leaves it alone.
  shop.sql("INSERT INTO shop.plans (id, title, role) VALUES (99, 'custom', 'member')");
  std::string rows = replaced(kShopRows, "{ name = \"admin\", level = 10, staff = true },",
                              "{ name = \"guest\", level = 0 },");
  rows = replaced(rows, "price = 10, role = \"admin\"", "price = 12, role = \"member\"");
  shop.declare(rows);
  REQUIRE(shop.recon({"plan"}).exit_code == exit_code::ok);
  const std::string second = read_text(shop.revision("0002"));
  const auto guest = second.find("--   + row roles(name='guest')");
  const auto pro =
      second.find("--   ~ row plans(id=3): price 10.00 -> 12.00, role 'admin' -> 'member'");
  const auto removed = second.find("--   - row roles(name='admin')  [data-loss]");
  CHECK(guest != std::string::npos);
  CHECK(pro != std::string::npos);
  CHECK(removed != std::string::npos);
  CHECK((guest < pro && pro < removed));
  CHECK(second.find("DELETE FROM roles WHERE name = 'admin';") != std::string::npos);
  CHECK(second.find("plans(id=99)") == std::string::npos);
  shop.check_planned_again("0002");

  // Deleting is data loss: refused without the opt-in, and nothing is half-applied.
  auto refused = shop.recon({"apply"});
  CHECK(refused.exit_code != exit_code::ok);
  CHECK(refused.err.find("data-loss") != std::string::npos);
  CHECK(shop.query("SELECT name FROM shop.roles ORDER BY name") == "admin|\nmember|\n");
  REQUIRE(shop.recon({"apply", "--allow-hazards", "data-loss"}).exit_code == exit_code::ok);
  CHECK(shop.query("SELECT name, level FROM shop.roles ORDER BY name") == "guest|0|\nmember|1|\n");
  CHECK(shop.query("SELECT id, price, role FROM shop.plans ORDER BY id") ==
        "1|0.00|member|\n3|12.00|member|\n99|NULL|member|\n");
  again = shop.recon({"plan"});
  CHECK(again.exit_code == exit_code::ok);
  CHECK(again.out.find("no changes") != std::string::npos);
}

TEST_CASE("status shows declared rows changed outside recon", "[reference_data][cli]") {
  Shop shop;
  REQUIRE(shop.recon({"plan"}).exit_code == exit_code::ok);
  REQUIRE(shop.recon({"apply"}).exit_code == exit_code::ok);
  CHECK(shop.recon({"status", "--detailed-exitcode"}).exit_code == exit_code::ok);

  shop.sql("UPDATE shop.roles SET level = 5 WHERE name = 'member'");
  shop.sql("DELETE FROM shop.plans WHERE id = 1");
  shop.sql("INSERT INTO shop.plans (id, title, role) VALUES (99, 'custom', 'member')");
  const auto status = shop.recon({"status", "--detailed-exitcode"});
  CHECK(status.exit_code == exit_code::changes);
  CHECK(status.out.find("data drift: declared rows changed outside recon") != std::string::npos);
  CHECK(status.out.find("~ row roles(name='member'): level 1 -> 5") != std::string::npos);
  CHECK(status.out.find("- row plans(id=1)") != std::string::npos);
  // Upsert mode leaves other rows alone: not drift.
  CHECK(status.out.find("plans(id=99)") == std::string::npos);
}

TEST_CASE("inspect --data writes a table's rows as a declaration that plans no change",
          "[reference_data][cli]") {
  Shop shop;
  REQUIRE(shop.recon({"plan"}).exit_code == exit_code::ok);
  REQUIRE(shop.recon({"apply"}).exit_code == exit_code::ok);
  const auto inspected =
      shop.recon({"inspect", "--schema", "shop", "--data", "roles", "--data", "plans"});
  REQUIRE(inspected.exit_code == exit_code::ok);
  CHECK(inspected.out.find("[tables.roles.data]\nmode = \"upsert\"\nkey = [\"name\"]\n") !=
        std::string::npos);
  CHECK(inspected.out.find("{ name = \"admin\", level = 10, staff = true }") != std::string::npos);
  shop.declare(inspected.out);
  const auto plan = shop.recon({"plan"});
  CHECK(plan.exit_code == exit_code::ok);
  CHECK(plan.out.find("no changes") != std::string::npos);
  CHECK(plan.err == "");
}

TEST_CASE("reference values that do not fit their column are errors at their place",
          "[reference_data][cli]") {
  const fs::path cases = source_root() / "tests" / "integration" / "data" / "reference_data";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(cases)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 8);
  for (const auto& file : files) {
    INFO(file.filename().string());
    const std::string text = read_text(file);
    const std::string marker = "# expect: ";
    REQUIRE(text.rfind(marker, 0) == 0);
    const std::string expected = text.substr(marker.size(), text.find('\n') - marker.size());
    TempWorkspace ws;
    write_file(ws.root() / "schemas" / "shop.toml", text);
    const auto plan = run_recon({"plan", "--root", ws.root().string(), "--dev-url", server_url()});
    CHECK(plan.exit_code == exit_code::invalid_input);
    CHECK(plan.err.find(expected) != std::string::npos);
    CHECK(!fs::exists(ws.plans_dir("shop")));
  }
}

TEST_CASE("reference rows reach every tenant schema, and a dry run writes none",
          "[reference_data][cli]") {
  Shop shop;
  REQUIRE(shop.recon({"plan"}).exit_code == exit_code::ok);
  const auto dry = shop.recon({"apply", "--dry-run"});
  CHECK(dry.exit_code == exit_code::ok);
  CHECK(shop.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'shop'") == "0|\n");
  const auto tenants = shop.recon({"apply", "shop", "--schemas", "shop_a,shop_b"});
  INFO(tenants.out << tenants.err);
  REQUIRE(tenants.exit_code == exit_code::ok);
  for (const std::string schema : {"shop_a", "shop_b"}) {
    INFO(schema);
    CHECK(shop.query("SELECT p.id, r.level FROM " + schema + ".plans p JOIN " + schema +
                     ".roles r ON r.name = p.role ORDER BY p.id") == "1|1|\n3|10|\n");
  }
}
