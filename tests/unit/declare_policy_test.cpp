// Row-level security in a declaration: read into the catalog, written back by inspect, and
// every mistake reported at its place (cases: tests/unit/data/policy_declarations.txt).
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
#include "support/text_cases.hpp"

namespace {

const char* const kTodos = R"toml(
[tables.todos]
row_security = "force"
[[tables.todos.columns]]
name = "owner"
type = "text"
[tables.todos.policies.own_rows]
command = "select"
roles = ["todo_app", "auditor"]
using = "owner = current_user"
comment = "each sees their own"
renamed_from = "mine"
[tables.todos.policies.no_archived]
as = "restrictive"
with_check = "owner <> 'archive'"

[tables.notes]
row_security = true
[[tables.notes.columns]]
name = "n"
type = "int"
)toml";

std::vector<recon::Diagnostic> policy_problems(const std::string& toml) {
  try {
    recon::declare::parse_declaration(toml, "test.toml");
  } catch (const recon::InputError& error) {
    return error.diagnostics();
  }
  return {};
}

}  // namespace

TEST_CASE("row-level security and policies are read with Postgres's defaults", "[declare][rls]") {
  const recon::Catalog c = recon::declare::parse_declaration(kTodos, "test.toml");
  const auto& todos = c.tables.at("todos");
  CHECK(todos.row_security);
  CHECK(todos.force_row_security);
  CHECK(c.tables.at("notes").row_security);
  CHECK_FALSE(c.tables.at("notes").force_row_security);
  REQUIRE(todos.policies.size() == 2);
  const auto own = std::find_if(todos.policies.begin(), todos.policies.end(),
                                [](const auto& p) { return p.name == "own_rows"; });
  REQUIRE(own != todos.policies.end());
  CHECK(own->command == "select");
  CHECK(own->permissive);
  CHECK(own->roles == std::vector<std::string>{"auditor", "todo_app"});  // a set: sorted
  CHECK(own->using_expr == "owner = current_user");
  CHECK_FALSE(own->with_check);
  CHECK(own->comment == "each sees their own");
  CHECK(own->renamed_from == std::vector<std::string>{"mine"});
  const auto restrictive = std::find_if(todos.policies.begin(), todos.policies.end(),
                                        [](const auto& p) { return p.name == "no_archived"; });
  REQUIRE(restrictive != todos.policies.end());
  CHECK_FALSE(restrictive->permissive);
  CHECK(restrictive->command == "all");
  CHECK(restrictive->roles == std::vector<std::string>{"PUBLIC"});
}

TEST_CASE("inspect writes row-level security that reads back the same", "[declare][rls]") {
  const recon::Catalog c = recon::declare::parse_declaration(kTodos, "test.toml");
  const std::string written = recon::declare::emit_toml(c);
  INFO(written);
  CHECK(written.find("row_security = \"force\"") != std::string::npos);
  const recon::Catalog again = recon::declare::parse_declaration(written, "again.toml");
  CHECK(recon::canonical_text(again) == recon::canonical_text(c));
}

TEST_CASE("a schema without row-level security keeps its fingerprint", "[declare][rls]") {
  recon::Catalog c = recon::declare::parse_declaration(
      "[tables.t]\ncolumns = [{ name = \"a\", type = \"int\" }]\n", "t.toml");
  const std::string before = recon::fingerprint(c);
  const std::string text = recon::canonical_text(c);
  CHECK(text.find("row_security") == std::string::npos);
  CHECK(text.find("policies") == std::string::npos);
  c.tables.at("t").row_security = true;
  CHECK(recon::fingerprint(c) != before);
}

TEST_CASE("mistakes in row-level security are reported at their place", "[declare][rls]") {
  const auto cases = recon::testing::read_text_cases("policy_declarations.txt");
  REQUIRE(cases.size() >= 10);
  for (const auto& c : cases) {
    REQUIRE(c.expected.size() == 1);
    std::istringstream head(c.expected.front());
    int line = 0, column = 0;
    char colon = 0;
    std::string message;
    head >> line >> colon >> column;
    std::getline(head >> std::ws, message);
    const auto diagnostics = policy_problems(c.input);
    std::string reported;
    for (const auto& d : diagnostics) reported += d.to_string() + "\n";
    INFO(c.name << "\ninput:\n"
                << c.input << "\nexpected at " << line << ":" << column << ": " << message
                << "\nreported:\n"
                << reported);
    const bool found = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const auto& d) {
      return d.where.line == line && d.where.column == column &&
             d.message.find(message) != std::string::npos;
    });
    CHECK(found);
  }
}
