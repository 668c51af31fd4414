// Composite types end to end, as a user meets them: `recon plan` then `recon apply` on a
// workspace whose declaration changes a composite type that a table column stores.
#include <catch2/catch.hpp>

#include <filesystem>
#include <pqxx/pqxx>

#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

void declare_people(const TempWorkspace& ws, const std::string& name) {
  fs::copy_file(source_root() / "tests" / "integration" / "data" / "composite" / name,
                ws.root() / "schemas" / "people.toml", fs::copy_options::overwrite_existing);
}

ProcessResult plan_people(const TempWorkspace& ws) {
  return run_recon({"plan", "--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
}

ProcessResult apply_people(const TempWorkspace& ws, const TestDatabase& db,
                           std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"apply", "--root", ws.root().string(), "--db", db.url()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_recon(args);
}

std::string home_of_person_1(TestDatabase& db) {
  pqxx::work txn(db.conn());
  return txn.exec1("SELECT home::text FROM people.person WHERE id = 1")[0].as<std::string>();
}

}  // namespace

TEST_CASE("dropping an attribute of a stored composite type needs --allow-hazards data-loss",
          "[composite][apply][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  declare_people(ws, "people.toml");
  REQUIRE(plan_people(ws).exit_code == 0);
  REQUIRE(apply_people(ws, db).exit_code == 0);
  {
    pqxx::work txn(db.conn());
    txn.exec("INSERT INTO people.person VALUES (1, ROW('Main St 1', '12345', 3))");
    txn.commit();
  }

  declare_people(ws, "people_without_floor.toml");
  const auto plan = plan_people(ws);
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);

  const auto refused = apply_people(ws, db);
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code != 0);
  CHECK_THAT(refused.err, Catch::Contains("~ composite type address: drop attribute floor"));
  CHECK_THAT(refused.err, Catch::Contains("--allow-hazards data-loss"));
  CHECK(home_of_person_1(db) == "(\"Main St 1\",12345,3)");  // nothing ran

  const auto allowed = apply_people(ws, db, {"--allow-hazards", "data-loss"});
  INFO(allowed.out << allowed.err);
  REQUIRE(allowed.exit_code == 0);
  CHECK(home_of_person_1(db) == "(\"Main St 1\",12345)");
}

TEST_CASE("changing the type of an attribute that a column stores is refused at plan time",
          "[composite][plan][cli]") {
  TempWorkspace ws;
  declare_people(ws, "people_without_floor.toml");
  REQUIRE(plan_people(ws).exit_code == 0);

  declare_people(ws, "people_with_a_longer_zip.toml");
  const auto refused = plan_people(ws);
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code != 0);
  CHECK_THAT(refused.err, Catch::Contains("people.toml:"));
  CHECK_THAT(refused.err, Catch::Contains("composite type 'address' changes attribute 'zip'"));
  CHECK_THAT(refused.err, Catch::Contains("(person.home)"));
}
