// Schema per tenant: `recon apply PROJECT --schemas LIST|PATTERN --jobs N` applies one
// project's revisions to many schemas, each with its own version table; a failure stays in its
// schema and is summarized at the end.
#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

using namespace recon::testing;
namespace exit_code = recon::exit_code;

namespace {

const char* kApp = R"toml(
comment = "One tenant's data"
[tables.invoices]
primary_key = ["id"]
columns = [
  { name = "id", type = "bigint", identity = "always" },
  { name = "total", type = "numeric(10,2)", nullable = false },
]
)toml";

int count(TestDatabase& db, const std::string& sql) {
  pqxx::read_transaction txn(db.conn());
  return txn.exec1(sql)[0].as<int>();
}

}  // namespace

TEST_CASE("one project applied to many tenant schemas, failures isolated", "[tenants][cli]") {
  TempWorkspace ws;
  std::filesystem::create_directories(ws.root() / "schemas");
  const auto declaration = ws.root() / "schemas" / "app.toml";
  std::ofstream(declaration) << kApp;
  const std::vector<std::string> plan = {"plan", "--root", ws.root().string(), "--dev-url",
                                         server_url()};
  REQUIRE(run_recon(plan).exit_code == 0);
  TestDatabase db;
  const auto apply = [&](const std::string& schemas, const std::string& jobs) {
    return run_recon({"apply", "app", "--schemas", schemas, "--jobs", jobs, "--root",
                      ws.root().string(), "--db", db.url()});
  };

  std::string list;
  for (int i = 1; i <= 12; ++i) list += (i > 1 ? "," : "") + fmt::format("tenant_{:02}", i);
  const auto first = apply(list, "4");
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("12 schemas in "));
  CHECK_THAT(first.out, Catch::Contains("12 applied, 0 already up to date, 0 failed"));
  CHECK(count(db, "SELECT count(*) FROM pg_class WHERE relname = 'invoices'") == 12);
  CHECK(count(db, "SELECT count(*) FROM pg_class WHERE relname = 'recon_revisions'") == 12);
  // The revision's own schema is never created: its schema steps were pointed at each tenant.
  CHECK(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'app'") == 0);
  CHECK(count(db,
              "SELECT count(*) FROM pg_description d JOIN pg_namespace n ON n.oid = d.objoid"
              " WHERE n.nspname LIKE 'tenant%' AND d.description = 'One tenant''s data'") == 12);

  // One tenant drifts; the next revision goes everywhere else.
  {
    pqxx::work w(db.conn());
    w.exec("ALTER TABLE tenant_05.invoices ADD COLUMN hack int");
    w.commit();
  }
  std::ofstream(declaration, std::ios::app)
      << "[tables.customers]\ncolumns = [{ name = \"id\", type = \"bigint\" }]\n";
  REQUIRE(run_recon(plan).exit_code == 0);
  const auto second = apply("tenant\\_%", "3");
  INFO(second.out << second.err);
  CHECK(second.exit_code == exit_code::refused);
  CHECK_THAT(second.out, Catch::Contains("11 applied, 0 already up to date, 1 failed"));
  CHECK_THAT(second.err, Catch::Contains("tenant_05: the live schema tenant_05 differs"));
  CHECK(count(db, "SELECT count(*) FROM pg_class WHERE relname = 'customers'") == 11);
  CHECK(count(db, "SELECT count(*) FROM tenant_05.recon_revisions") == 1);

  const auto third = apply("tenant_%", "2");
  CHECK(third.exit_code == exit_code::refused);
  CHECK_THAT(third.out, Catch::Contains("0 applied, 11 already up to date, 1 failed"));

  const auto nothing = apply("nobody_%", "2");
  CHECK(nothing.exit_code == exit_code::invalid_input);
  CHECK_THAT(nothing.err, Catch::Contains("no schema of the database matches"));
}
