// recon inspect's writer: whatever catalog it is given, its TOML loads back to the same catalog.
#include <catch2/catch.hpp>

#include "catalog/fingerprint.hpp"
#include "declare/declare.hpp"
#include "declare/emit.hpp"

TEST_CASE("emitted TOML of a declared catalog loads back to the same catalog", "[emit]") {
  // A declared catalog leaves identity options unset (normalization fills them in): the writer
  // once wrote `identity = { generation = "always",  }` for it, which is not TOML.
  const auto declared = recon::declare::parse_declaration(R"toml(
extensions = ["btree_gist"]
[tables.t]
primary_key = ["id"]
columns = [
  { name = "id", type = "bigint", identity = "always" },
  { name = "n", type = "int", identity = { generation = "by default", start = 10 } },
]
)toml",
                                                          "app.toml");
  const std::string toml = recon::declare::emit_toml(declared);
  INFO(toml);
  const auto again = recon::declare::parse_declaration(toml, "app.toml");
  CHECK(recon::fingerprint(again) == recon::fingerprint(declared));
  CHECK(again.extensions == std::vector<std::string>{"btree_gist"});
}

TEST_CASE("a primary key's comment is written with the key", "[emit]") {
  // It was left out: `recon inspect` lost the comment (tests/unit/fields_test.cpp found it).
  const auto declared = recon::declare::parse_declaration(R"toml(
[tables.t]
primary_key = { columns = ["id"], comment = "one per order" }
columns = [{ name = "id", type = "bigint" }]
)toml",
                                                          "app.toml");
  const std::string toml = recon::declare::emit_toml(declared);
  INFO(toml);
  CHECK(toml.find("comment = \"one per order\"") != std::string::npos);
  const auto again = recon::declare::parse_declaration(toml, "app.toml");
  CHECK(recon::fingerprint(again) == recon::fingerprint(declared));
}
