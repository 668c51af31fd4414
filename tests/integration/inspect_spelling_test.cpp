// What `recon inspect` writes for types and serial columns, and that it still round-trips: a
// column of each type of tests/data/type_spellings.tsv (as Postgres prints it), serial columns
// (and sequences that only look like a serial's), inspected, planned twice (the second plan,
// from the local cache, must find nothing to do), applied to a fresh database, and inspected
// again to the same TOML.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "declare/emit.hpp"
#include "support/apply_fixture.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

struct Spelling {
  std::string printed, written;
};

std::vector<Spelling> spellings() {
  std::ifstream in(source_root() / "tests" / "data" / "type_spellings.tsv");
  REQUIRE(in);
  std::vector<Spelling> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with("#")) continue;
    const auto tab = line.find('\t');
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

std::string inspect(const TestDatabase& db) {
  const auto result = run_recon({"inspect", "--db", db.url(), "--schema", "app"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

}  // namespace

TEST_CASE("inspect writes the spellings a person would, and they round-trip",
          "[inspect][roundtrip][cli]") {
  const auto types = spellings();
  TestDatabase original;
  std::string columns;
  for (std::size_t i = 0; i < types.size(); ++i)
    columns += ", c" + std::to_string(i) + " " + types[i].printed;
  {
    pqxx::nontransaction txn(original.conn());
    txn.exec(
        "CREATE SCHEMA app; SET search_path TO app;"
        "CREATE TABLE items (id serial PRIMARY KEY, big bigserial, small smallserial" +
        columns +
        ");"
        // Not a serial's sequence: other options, another name, a nullable column.
        "CREATE TABLE other (a integer NOT NULL, b integer NOT NULL, c serial);"
        "CREATE SEQUENCE other_a_seq START 100 OWNED BY other.a;"
        "ALTER TABLE other ALTER a SET DEFAULT nextval('other_a_seq');"
        "CREATE SEQUENCE shared_seq OWNED BY other.b;"
        "ALTER TABLE other ALTER b SET DEFAULT nextval('shared_seq');"
        "ALTER TABLE other ALTER c DROP NOT NULL;");
    // The data file is what Postgres prints.
    for (std::size_t i = 0; i < types.size(); ++i) {
      const auto printed = txn.exec1(
          "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
          "'app.items'::regclass AND attname = 'c" +
          std::to_string(i) + "'");
      CHECK(printed[0].as<std::string>() == types[i].printed);
    }
  }
  const std::string toml = inspect(original);
  INFO(toml);
  CHECK(toml.starts_with("#:schema ../docs/recon.schema.json\n"));
  for (std::size_t i = 0; i < types.size(); ++i)
    CHECK_THAT(toml, Catch::Contains("name = \"c" + std::to_string(i) + "\"\ntype = " +
                                     recon::declare::toml_string(types[i].written)));
  CHECK_THAT(toml, Catch::Contains("name = \"id\"\ntype = \"serial\"\n"));
  CHECK_THAT(toml, Catch::Contains("name = \"big\"\ntype = \"bigserial\"\n"));
  CHECK_THAT(toml, Catch::Contains("name = \"small\"\ntype = \"smallserial\"\n"));
  CHECK_THAT(toml, !Catch::Contains("items_id_seq"));
  CHECK_THAT(toml, !Catch::Contains("character varying"));
  CHECK_THAT(toml, !Catch::Contains("with time zone"));
  // What serial would not give back stays as it is.
  CHECK_THAT(toml, Catch::Contains("[sequences.other_a_seq]"));
  CHECK_THAT(toml, Catch::Contains("[sequences.shared_seq]"));
  CHECK_THAT(toml, Catch::Contains("[sequences.other_c_seq]"));
  CHECK_THAT(toml, Catch::Contains("default = \"nextval('other_c_seq'::regclass)\""));

  TempWorkspace ws;
  std::ofstream(ws.root() / "schemas" / "app.toml") << toml;
  const std::vector<std::string> common = {"--root", ws.root().string(), "--dev-url", server_url()};
  const auto plan = run_recon(with(common, {"plan"}));
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  const auto again = run_recon(with(common, {"plan", "--check"}));
  INFO(again.out);
  CHECK(again.exit_code == 0);
  TestDatabase copy;
  REQUIRE(run_recon(with(common, {"apply", "--db", copy.url()})).exit_code == 0);
  CHECK(inspect(copy) == toml);
}
