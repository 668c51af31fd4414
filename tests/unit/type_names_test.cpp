// Column types judged before the dev database: every unknown one reported at its column, with
// the type meant. The cases are in tests/unit/data/type_names.txt.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/diagnostic.hpp"
#include "declare/declare.hpp"
#include "declare/type_names.hpp"
#include "support/source_root.hpp"

namespace {

using recon::declare::judge_type;
using recon::declare::ProjectTypes;

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(' ') - begin + 1);
}

std::vector<std::string> fields(std::string line) {
  line += ' ';  // a line ending " |" has an empty last field
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto bar = line.find(" | ", start);
    out.push_back(trimmed(line.substr(start, bar - start)));
    if (bar == std::string::npos) return out;
    start = bar + 3;
  }
}

std::vector<std::string> extensions(const std::string& list) {
  std::vector<std::string> out;
  if (list == "-") return out;
  std::stringstream in(list);
  for (std::string name; std::getline(in, name, ',');) out.push_back(name);
  return out;
}

}  // namespace

TEST_CASE("column types are judged without a database", "[declare][types]") {
  std::ifstream in(recon::testing::source_root() / "tests" / "unit" / "data" / "type_names.txt");
  REQUIRE(in);
  int cases = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with("#")) continue;
    auto f = fields(line);
    f.resize(4);
    ProjectTypes project{
        "app", {"todo_state", "TodoKind", "money_amount", "todos"}, extensions(f[0])};
    INFO("case: " << line);
    const auto verdict = judge_type(f[1], project);
    if (f[2] == "unjudged") {
      CHECK_FALSE(verdict);
    } else {
      REQUIRE(verdict);
      CHECK(verdict->known == (f[2] == "known"));
      CHECK((verdict->extension.empty() ? verdict->suggestion
                                        : "extension " + verdict->extension) == f[3]);
    }
    ++cases;
  }
  CHECK(cases >= 40);
}

TEST_CASE("every unknown type is reported at its column, in one run", "[declare][types]") {
  const std::string toml = R"toml(schema = "billing"
[tables.invoices]
[[tables.invoices.columns]]
name = "issued_at"
type = "datetime"
[[tables.invoices.columns]]
name = "total"
type = "numeric(10,2)"
[tables.payments]
columns = [
  { name = "paid", type = "boolen" },
]
)toml";
  try {
    recon::declare::parse_declaration(toml, "billing.toml");
    FAIL("the declaration was accepted");
  } catch (const recon::InputError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    CHECK(e.diagnostics()[0].to_string() ==
          "billing.toml:5:8: type 'datetime' of column 'issued_at' in table 'invoices' does not "
          "exist in PostgreSQL (did you mean timestamptz?)");
    CHECK(e.diagnostics()[1].to_string() ==
          "billing.toml:11:27: type 'boolen' of column 'paid' in table 'payments' does not "
          "exist in PostgreSQL (did you mean boolean?)");
  }
}
