// Reading [[grants]], [[revokes]] and [[default_privileges]]: what each entry stands for, and
// mistakes reported where they are (the cases are tests/unit/data/grant_declarations.txt).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "catalog/canonical_text.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "declare/declare.hpp"
#include "declare/emit.hpp"
#include "support/text_cases.hpp"

namespace {

const char* const kShop = R"toml(
[enums.mood]
values = ["ok"]

[tables.orders]
[[tables.orders.columns]]
name = "id"
type = "int"
[[tables.orders.columns]]
name = "note"
type = "text"

[functions.total]
returns = "integer"
body = "SELECT 1"

[[grants]]
roles = ["reporting", "Odd Role"]
privileges = ["select", "insert"]
tables = ["orders"]

[[grants]]
roles = "app"
privileges = "all"
tables = ["orders"]
columns = ["note"]
with_grant_option = true

[[grants]]
roles = ["app"]
privileges = ["usage"]
schema = true

[[revokes]]
roles = "PUBLIC"
privileges = ["execute"]
functions = ["total"]

[[default_privileges]]
for_role = "owner"
on = "types"
roles = ["app"]
privileges = ["usage"]
)toml";

std::vector<recon::Diagnostic> problems(const std::string& toml) {
  try {
    recon::declare::parse_declaration(toml, "test.toml");
  } catch (const recon::InputError& error) {
    return error.diagnostics();
  }
  return {};
}

std::vector<std::string> described(const recon::Catalog& c) {
  std::vector<std::string> out;
  for (const auto& g : c.grants)
    out.push_back(g.on + " " + g.object + (g.column.empty() ? "" : "." + g.column) + " " + g.role +
                  " " + g.privilege + (g.grantable ? " grantable" : "") +
                  (g.revoked ? " revoked" : ""));
  return out;
}

}  // namespace

TEST_CASE("each grant entry stands for every role, privilege and object it lists",
          "[declare][grants]") {
  const recon::Catalog c = recon::declare::parse_declaration(kShop, "test.toml");
  CHECK(c.manages_privileges);
  CHECK(described(c) == std::vector<std::string>{
                            "function total() PUBLIC EXECUTE revoked",
                            "schema  app USAGE",
                            "table orders Odd Role INSERT",
                            "table orders Odd Role SELECT",
                            "table orders reporting INSERT",
                            "table orders reporting SELECT",
                            "table orders.note app INSERT grantable",
                            "table orders.note app REFERENCES grantable",
                            "table orders.note app SELECT grantable",
                            "table orders.note app UPDATE grantable",
                        });
  REQUIRE(c.default_privileges.size() == 1);
  CHECK(c.default_privileges[0].on == "types");
  CHECK(c.default_privileges[0].privilege == "USAGE");
}

TEST_CASE("inspect writes privileges that read back the same", "[declare][grants]") {
  const recon::Catalog c = recon::declare::parse_declaration(kShop, "test.toml");
  const std::string written = recon::declare::emit_toml(c);
  INFO(written);
  const recon::Catalog again = recon::declare::parse_declaration(written, "again.toml");
  CHECK(recon::canonical_text(again) == recon::canonical_text(c));
  CHECK(written.find("[[revokes]]") != std::string::npos);
}

TEST_CASE("a project that declares no privileges keeps its fingerprint", "[declare][grants]") {
  recon::Catalog c = recon::declare::parse_declaration("[enums.e]\nvalues = [\"a\"]\n", "t.toml");
  CHECK_FALSE(c.manages_privileges);
  CHECK(recon::canonical_text(c).find("grants") == std::string::npos);
  const recon::Catalog none =
      recon::declare::parse_declaration("grants = []\n[enums.e]\nvalues = [\"a\"]\n", "t.toml");
  CHECK(none.manages_privileges);
  CHECK(recon::fingerprint(none) != recon::fingerprint(c));
}

TEST_CASE("mistakes in privileges are reported at their place", "[declare][grants]") {
  const auto cases = recon::testing::read_text_cases("grant_declarations.txt");
  REQUIRE(cases.size() >= 10);
  for (const auto& c : cases) {
    const auto diagnostics = problems(c.input);
    std::string reported;
    for (const auto& d : diagnostics) reported += d.to_string() + "\n";
    INFO(c.name << "\nreported:\n" << reported);
    CHECK_FALSE(diagnostics.empty());
    for (const auto& expected : c.expected) {
      INFO("expected: " << expected);
      CHECK(recon::testing::reported(diagnostics, expected));
    }
  }
}
