// Reference rows in declarations: how TOML values become SQL literals (a table of cases in
// tests/unit/data/reference_literals.tsv), that rows never change the schema's fingerprint,
// and the key they default to.
#include <toml++/toml.h>
#include <catch2/catch.hpp>
#include <sstream>

#include "catalog/fingerprint.hpp"
#include "declare/declare.hpp"
#include "declare/reference_data.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"

using namespace recon;
using recon::testing::read_text;
using recon::testing::source_root;

TEST_CASE("TOML values of reference rows become SQL literals", "[declare][reference_data]") {
  const std::string cases =
      read_text(source_root() / "tests" / "unit" / "data" / "reference_literals.tsv");
  std::istringstream lines(cases);
  std::string line;
  int checked = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    const std::string toml_value = line.substr(0, tab);
    INFO(toml_value);
    const auto parsed = toml::parse("v = " + toml_value);
    std::string problem;
    CHECK(declare::sql_literal(*parsed.get("v"), problem) == line.substr(tab + 1));
    CHECK(problem.empty());
    ++checked;
  }
  CHECK(checked >= 15);
}

TEST_CASE("reference rows are not part of the schema: its fingerprint ignores them",
          "[declare][reference_data]") {
  const std::string schema = R"toml(
[tables.roles]
columns = [ { name = "name", type = "text", primary_key = true }, { name = "level", type = "integer" } ]
)toml";
  const std::string rows = R"toml(
[tables.roles.data]
mode = "sync"
rows = [ { name = "admin", level = 10 } ]
)toml";
  CHECK(fingerprint(declare::parse_declaration(schema, "app.toml")) ==
        fingerprint(declare::parse_declaration(schema + rows, "app.toml")));

  recon::testing::TempDir dir;
  dir.write("app.toml", schema + rows);
  const auto project = declare::load_project(dir.path / "app.toml");
  REQUIRE(project.data.count("roles") == 1);
  const TableData& data = project.data.at("roles");
  CHECK(data.mode == DataMode::sync);
  CHECK(data.key == std::vector<std::string>{"name"});  // the primary key, by default
  REQUIRE(data.rows.size() == 1);
  CHECK(data.rows[0].find("level")->literal == "10");
}
