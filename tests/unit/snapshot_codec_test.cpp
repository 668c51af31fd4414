// The snapshot's byte form must give back every field the JSON form keeps, and a damaged file
// must be refused (MalformedSnapshot), never crash nor allocate what it does not hold: the
// planner then replays the chain.

#include <catch2/catch.hpp>

#include "plan/snapshot.hpp"
#include "plan/snapshot_codec.hpp"
#include "support/random_catalog.hpp"

using namespace recon;
using recon::plan::decode_catalog;
using recon::plan::encode_catalog;
using recon::plan::MalformedSnapshot;

namespace {

Catalog random_catalog(unsigned seed) {
  recon::testing::Generator generate(seed);
  Catalog c = generate.catalog();
  c.schema_exists = generate.coin();
  for (auto& [name, view] : c.views) view.uses_unmanaged = generate.texts();
  for (int n = generate.pick(0, 2); n > 0; --n)
    c.unsupported.push_back({generate.text(), generate.text()});
  return c;
}

// The JSON form is the reference: the same fields, written by nlohmann.
std::string as_json(const Catalog& c) {
  return plan::catalog_to_json(c).dump();
}

}  // namespace

TEST_CASE("a catalog read back from its byte form is the catalog written", "[snapshot]") {
  for (unsigned seed = 1; seed <= 400; ++seed) {
    const Catalog c = random_catalog(seed);
    INFO("seed " << seed);
    const Catalog back = decode_catalog(encode_catalog(c));
    REQUIRE(as_json(back) == as_json(c));
    CHECK(encode_catalog(back) == encode_catalog(c));
  }
}

TEST_CASE("extreme numbers and an empty catalog survive the byte form", "[snapshot]") {
  Catalog c;
  c.schema = "s";
  Sequence s;
  s.name = "q";
  s.options.start = INT64_MIN;
  s.options.max_value = INT64_MAX;
  s.options.increment = -1;
  s.options.cache = 0;
  c.sequences["q"] = s;
  const Catalog back = decode_catalog(encode_catalog(c));
  CHECK(back.sequences.at("q").options == s.options);
  CHECK(as_json(decode_catalog(encode_catalog(Catalog{}))) == as_json(Catalog{}));
}

TEST_CASE("a snapshot cut short, extended or damaged is refused, not misread", "[snapshot]") {
  for (unsigned seed = 1; seed <= 30; ++seed) {
    const std::string bytes = encode_catalog(random_catalog(seed));
    INFO("seed " << seed);
    for (std::size_t n = 0; n < bytes.size(); ++n)
      CHECK_THROWS_AS(decode_catalog(std::string_view(bytes).substr(0, n)), MalformedSnapshot);
    CHECK_THROWS_AS(decode_catalog(bytes + "x"), MalformedSnapshot);
    // A damaged byte either fails to decode or decodes to some other catalog (the fingerprint
    // check catches that): never a crash, never an allocation of the damaged count.
    for (std::size_t at = 0; at < bytes.size(); ++at) {
      for (const char damage : {'\x00', '\x7f', '\xff'}) {
        std::string damaged = bytes;
        damaged[at] = damage;
        try {
          (void)decode_catalog(damaged);
        } catch (const MalformedSnapshot&) {
        }
      }
    }
  }
  CHECK_THROWS_AS(decode_catalog(std::string(12, '\xff')), MalformedSnapshot);
}
