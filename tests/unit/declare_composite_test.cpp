// Composite types in a declaration: read into the catalog, written back by inspect, and every
// mistake reported at its place (the cases are data: tests/unit/data/composite_declarations.txt).
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/canonical_text.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "declare/declare.hpp"
#include "declare/emit.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"

namespace {

struct CompositeCase {
  int line = 0;
  int column = 0;
  std::string message;
  std::string toml;
};

std::vector<CompositeCase> composite_cases() {
  std::istringstream in(recon::testing::read_text(recon::testing::source_root() / "tests" / "unit" /
                                                  "data" / "composite_declarations.txt"));
  std::vector<CompositeCase> out;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("== ")) {
      CompositeCase c;
      std::istringstream head(line.substr(3));
      char colon = 0;
      head >> c.line >> colon >> c.column;
      std::getline(head >> std::ws, c.message);
      out.push_back(c);
    } else if (!out.empty()) {
      out.back().toml += line + "\n";
    }
  }
  return out;
}

std::vector<recon::Diagnostic> composite_problems(const std::string& toml) {
  try {
    recon::declare::parse_declaration(toml, "test.toml");
  } catch (const recon::InputError& error) {
    return error.diagnostics();
  }
  return {};
}

const char* const kAddress = R"toml(
[enums.mood]
values = ["sad", "happy"]

[composites.address]
comment = "A postal address"
[[composites.address.attributes]]
name = "street"
type = "text"
collation = "C"
comment = "Street and number"
[[composites.address.attributes]]
name = "zip"
type = "varchar(10)"
renamed_from = "postcode"
[[composites.address.attributes]]
name = "feeling"
type = "mood"

[composites.empty]
attributes = []

[tables.t]
[[tables.t.columns]]
name = "home"
type = "address[]"
)toml";

}  // namespace

TEST_CASE("composite types are read with their attributes in order", "[declare][composite]") {
  const recon::Catalog c = recon::declare::parse_declaration(kAddress, "test.toml");
  REQUIRE(c.composites.size() == 2);
  const auto& address = c.composites.at("address");
  CHECK(address.comment == "A postal address");
  REQUIRE(address.attributes.size() == 3);
  CHECK(address.attributes[0].name == "street");
  CHECK(address.attributes[0].collation == "C");
  CHECK(address.attributes[0].comment == "Street and number");
  CHECK(address.attributes[1].type == "varchar(10)");
  CHECK(address.attributes[1].renamed_from == std::vector<std::string>{"postcode"});
  CHECK(address.attributes[2].type == "mood");
  CHECK(c.composites.at("empty").attributes.empty());
}

TEST_CASE("inspect writes composite types that read back the same", "[declare][composite]") {
  const recon::Catalog c = recon::declare::parse_declaration(kAddress, "test.toml");
  const std::string written = recon::declare::emit_toml(c);
  INFO(written);
  const recon::Catalog again = recon::declare::parse_declaration(written, "again.toml");
  CHECK(recon::canonical_text(again) == recon::canonical_text(c));
}

TEST_CASE("a schema without composite types keeps its fingerprint", "[declare][composite]") {
  recon::Catalog c = recon::declare::parse_declaration("[enums.e]\nvalues = [\"a\"]\n", "t.toml");
  const std::string before = recon::fingerprint(c);
  CHECK(recon::canonical_text(c).find("composites") == std::string::npos);
  c.composites["address"].name = "address";
  CHECK(recon::fingerprint(c) != before);
}

TEST_CASE("mistakes in composite types are reported at their place", "[declare][composite]") {
  const auto cases = composite_cases();
  REQUIRE(cases.size() >= 10);
  for (const auto& c : cases) {
    const auto diagnostics = composite_problems(c.toml);
    std::string reported;
    for (const auto& d : diagnostics) reported += d.to_string() + "\n";
    INFO("input:\n"
         << c.toml << "\nexpected at " << c.line << ":" << c.column << ": " << c.message
         << "\nreported:\n"
         << reported);
    const bool found = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const auto& d) {
      return d.where.line == c.line && d.where.column == c.column &&
             d.message.find(c.message) != std::string::npos;
    });
    CHECK(found);
  }
}
