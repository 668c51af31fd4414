// `recon diff` as people use it to compare staging with production: two live databases, or a
// database and a project's declaration. Its SQL, run on --from, must make it equal to --to.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "catalog/fingerprint.hpp"
#include "cli/exit_codes.hpp"
#include "introspect/introspect.hpp"
#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

using namespace recon::testing;
namespace exit_code = recon::exit_code;

namespace {

void run(TestDatabase& db, const std::string& sql) {
  pqxx::work w(db.conn());
  w.exec(sql);
  w.commit();
}

std::string fingerprint_of(TestDatabase& db, const std::string& schema) {
  return recon::fingerprint(recon::introspect::introspect_schema(db.conn(), schema));
}

const char* kDiffBefore = R"sql(
CREATE SCHEMA shop;
CREATE TYPE shop.state AS ENUM ('new', 'paid');
CREATE TABLE shop.orders (id bigint PRIMARY KEY, state shop.state NOT NULL, note text);
CREATE TABLE shop.old_log (id int);
)sql";

const char* kDiffAfter = R"sql(
CREATE SCHEMA shop;
CREATE TYPE shop.state AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE shop.customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE shop.orders (id bigint PRIMARY KEY, state shop.state NOT NULL DEFAULT 'new',
  customer_id bigint REFERENCES shop.customers (id));
COMMENT ON TABLE shop.orders IS 'One per checkout';
CREATE INDEX orders_open_idx ON shop.orders (id) WHERE state <> 'paid';
)sql";

}  // namespace

TEST_CASE("diff between two databases prints SQL that turns one into the other", "[diff][cli]") {
  TestDatabase production, staging;
  run(production, kDiffBefore);
  run(staging, kDiffAfter);
  // The blocking forms: the script runs below in one transaction (CREATE INDEX CONCURRENTLY
  // cannot; psql -f runs it statement by statement).
  const auto base = std::vector<std::string>{"diff", "--from",      production.url(),
                                             "--to", staging.url(), "--schema",
                                             "shop", "--no-color",  "--online=false"};
  auto args = base;
  args.push_back("--detailed-exitcode");
  const auto out = run_recon(args);
  INFO(out.err);
  REQUIRE(out.exit_code == exit_code::changes);
  CHECK_THAT(out.out, Catch::Contains("- table old_log  [data-loss]"));
  CHECK_THAT(out.out, Catch::Contains("- column orders.note  [data-loss]"));
  CHECK_THAT(out.out, Catch::Contains("+ table customers"));
  // Nothing was changed on either side.
  const std::string production_before = fingerprint_of(production, "shop");
  CHECK(fingerprint_of(production, "shop") != fingerprint_of(staging, "shop"));

  run(production, out.out);  // the output is a psql script: comments, preamble, steps
  CHECK(fingerprint_of(production, "shop") == fingerprint_of(staging, "shop"));
  const auto again = run_recon(args);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("no differences"));
  CHECK(production_before != fingerprint_of(production, "shop"));
  // By default, an index on an existing table is built concurrently.
  TestDatabase other;
  run(other, kDiffBefore);
  const auto online = run_recon(
      {"diff", "--from", other.url(), "--to", staging.url(), "--schema", "shop", "--no-color"});
  CHECK_THAT(online.out, Catch::Contains("CREATE INDEX CONCURRENTLY orders_open_idx"));
}

TEST_CASE("diff against a project's declaration, as JSON, and its usage errors", "[diff][cli]") {
  TempWorkspace ws;
  std::filesystem::create_directories(ws.root() / "schemas");
  std::ofstream(ws.root() / "schemas" / "shop.toml") << R"toml(
[tables.orders]
primary_key = ["id"]
columns = [{ name = "id", type = "bigint" }, { name = "total", type = "numeric(10,2)" }]
)toml";
  TestDatabase live;
  run(live, "CREATE SCHEMA shop; CREATE TABLE shop.orders (id bigint PRIMARY KEY);");
  const auto json_run =
      run_recon({"diff", "--from", live.url(), "--to", "shop", "--root", ws.root().string(),
                 "--dev-url", server_url(), "--format", "json"});
  INFO(json_run.err);
  REQUIRE(json_run.exit_code == 0);
  const auto json = nlohmann::json::parse(json_run.out);
  CHECK(json["schema"] == "shop");
  REQUIRE(json["steps"].size() == 1);
  CHECK(json["steps"][0]["summary"] == "+ column orders.total");

  const auto both_databases = run_recon({"diff", "--from", live.url(), "--to", live.url()});
  CHECK(both_databases.exit_code == exit_code::usage);
  CHECK_THAT(both_databases.err, Catch::Contains("--schema"));
  const auto unknown = run_recon({"diff", "--from", live.url(), "--to", "shp", "--root",
                                  ws.root().string(), "--dev-url", server_url()});
  CHECK(unknown.exit_code == exit_code::invalid_input);
  CHECK_THAT(unknown.err, Catch::Contains("did you mean 'shop'"));
}
