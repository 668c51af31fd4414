// The diff of composite types, on catalogs built in memory: the hints a drop of an attribute
// carries, and the order of attribute changes within one type.
#include <catch2/catch.hpp>

#include "diff/diff.hpp"

using namespace recon;

namespace {

Catalog with_address(std::vector<std::pair<std::string, std::string>> attributes) {
  Catalog c;
  c.schema = "app";
  CompositeType& t = c.composites["address"];
  t.name = "address";
  for (auto& [name, type] : attributes) {
    CompositeAttribute a;
    a.name = name;
    a.type = type;
    t.attributes.push_back(a);
  }
  return c;
}

const Change& change_titled(const std::vector<Change>& changes, const std::string& summary) {
  for (const auto& c : changes)
    if (c.summary == summary) return c;
  FAIL("no change " << summary);
  return changes.front();
}

}  // namespace

TEST_CASE("a dropped attribute that may be a renamed one says how to keep its values",
          "[diff][composite]") {
  const auto from = with_address({{"street", "text"}, {"zip", "text"}});
  const auto to = with_address({{"street", "text"}, {"postcode", "text"}, {"floor", "integer"}});
  const auto changes = diff::diff(from, to);
  const auto& drop = change_titled(changes, "~ composite type address: drop attribute zip");
  REQUIRE(drop.hazards.size() == 1);
  CHECK(drop.hazards[0].kind == hazard::data_loss);
  CHECK_THAT(drop.hazards[0].reason, Catch::Contains("if attribute postcode is zip renamed"));
  CHECK_THAT(drop.hazards[0].reason, Catch::Contains("renamed_from = \"zip\""));
  CHECK_THAT(drop.hazards[0].reason, Catch::EndsWith("and plan again, to keep the values"));
  CHECK(change_titled(changes, "~ composite type address: add attribute floor").sql ==
        "ALTER TYPE address ADD ATTRIBUTE floor integer;");
}

TEST_CASE("a renamed attribute is renamed, not dropped and added", "[diff][composite]") {
  const auto from = with_address({{"zip", "text"}});
  auto to = with_address({{"postcode", "text"}});
  to.composites["address"].attributes[0].renamed_from = {"zip"};
  const auto changes = diff::diff(from, to);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].sql == "ALTER TYPE address RENAME ATTRIBUTE zip TO postcode;");
  CHECK(changes[0].hazards.at(0).kind == hazard::backward_incompatible);
}
