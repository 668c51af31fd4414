// SQL text of declarations must stay in its place in the statements recon writes.
#include <catch2/catch.hpp>

#include "declare/sql_text.hpp"

using recon::declare::sql_fragment_problem;
using recon::declare::SqlShape;

TEST_CASE("self-contained SQL text is accepted", "[declare]") {
  for (const char* text :
       {"int", "numeric(10, 2)[]", "'a;b'", "'it''s; fine'", "E'\\'; still a string'", "$$a; b$$",
        "$tag$ ; $$ ; $tag$", "\"we;ird\" > 0", "\"a\"\"b\" > 0", "a$b + $1",
        "x /* ; /* nested ; */ ; */ > 0", "x -- a comment; with a semicolon\n> 0", "lower(title)",
        "VALUE ~ '^[a-z]+$'", "for values in (1, 2)", "arr[1] > 0"}) {
    INFO(text);
    CHECK_FALSE(sql_fragment_problem(text, SqlShape::expression));
  }
  CHECK_FALSE(sql_fragment_problem("SELECT a, b FROM t;", SqlShape::clause));
  CHECK_FALSE(sql_fragment_problem("SELECT a, b FROM t ;  \n", SqlShape::clause));
}

TEST_CASE("SQL text that would break out of its statement is refused", "[declare]") {
  const std::pair<const char*, const char*> cases[] = {
      {"1); DROP TABLE t; SELECT (1", "closes nothing"},
      {"1, evil int", "',' outside parentheses"},
      {"int; DROP SCHEMA s", "has a ';'"},
      {"f(1", "leaves a '(' open"},
      {"a[1", "leaves a '[' open"},
      {"(a]", "closes nothing"},
      {"'abc", "string literal that is not closed"},
      {"E'abc\\'", "string literal that is not closed"},
      {"\"abc", "quoted identifier that is not closed"},
      {"$q$abc", "$q$ quote that is not closed"},
      {"x /* /* */", "comment that is not closed"},
      {"x -- trailing", "-- comment"},
  };
  for (const auto& [text, problem] : cases) {
    INFO(text);
    const auto found = sql_fragment_problem(text, SqlShape::expression);
    REQUIRE(found);
    CHECK_THAT(*found, Catch::Contains(problem));
  }
  CHECK(sql_fragment_problem(std::string_view("a\0b", 3), SqlShape::expression));
  CHECK(sql_fragment_problem("SELECT 1; DROP TABLE t", SqlShape::clause));
  CHECK(sql_fragment_problem("SELECT (1;)", SqlShape::clause));
}
