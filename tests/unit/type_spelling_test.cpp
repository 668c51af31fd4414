// recon inspect's type spellings (declare/type_spelling.hpp), from tests/data/type_spellings.tsv.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "declare/type_spelling.hpp"
#include "support/source_root.hpp"

TEST_CASE("inspect writes the short spelling of each type Postgres prints long", "[emit]") {
  std::ifstream in(recon::testing::source_root() / "tests" / "data" / "type_spellings.tsv");
  REQUIRE(in);
  int cases = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with("#")) continue;
    const auto tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    const std::string printed = line.substr(0, tab), written = line.substr(tab + 1);
    INFO(printed);
    CHECK(recon::declare::written_type(printed) == written);
    ++cases;
  }
  CHECK(cases >= 20);
}

TEST_CASE("the serial pseudo-types are told apart from the integer types", "[emit]") {
  using recon::declare::is_serial_type;
  for (const char* serial : {"serial", "SERIAL", " bigserial ", "smallserial", "serial8"})
    CHECK(is_serial_type(serial));
  for (const char* other : {"integer", "serial[]", "bigint", "\"serial\"", "serials"})
    CHECK_FALSE(is_serial_type(other));
}
