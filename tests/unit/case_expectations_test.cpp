// The expectations of the data-driven integration cases (tests/cases/README.md): each directive
// becomes the assertion it names, and a line the runner does not understand is an error rather
// than an assertion silently dropped.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/cases.hpp"

using recon::testing::parse_expectations;

TEST_CASE("expect.txt directives become expectations", "[cases]") {
  const auto e = parse_expectations(R"(# a comment, then a blank line

no-schema
any-column-order
hazard data-loss
hazard table-rewrite on ~ column t.id: type integer -> bigint
no-hazard validation-scan
no-hazard data-loss except - column t.gone | - table dropped
order - view w | - view v|+ view v
count 2 + foreign key
check SELECT count(*) = 2 FROM items
error-contains recreate the type
)",
                                    "expect.txt");
  CHECK(e.schema_absent);
  CHECK(e.any_column_order);
  CHECK(e.hazards == std::vector<std::string>{"data-loss"});
  REQUIRE(e.step_hazards.size() == 1);
  CHECK(e.step_hazards[0].kind == "table-rewrite");
  CHECK(e.step_hazards[0].summary == "~ column t.id: type integer -> bigint");
  REQUIRE(e.no_hazards.size() == 2);
  CHECK(e.no_hazards[0].kind == "validation-scan");
  CHECK(e.no_hazards[0].except.empty());
  CHECK(e.no_hazards[1].except == std::vector<std::string>{"- column t.gone", "- table dropped"});
  REQUIRE(e.orders.size() == 1);
  CHECK(e.orders[0] == std::vector<std::string>{"- view w", "- view v", "+ view v"});
  REQUIRE(e.counts.size() == 1);
  CHECK(e.counts[0].count == 2);
  CHECK(e.counts[0].prefix == "+ foreign key");
  CHECK(e.checks == std::vector<std::string>{"SELECT count(*) = 2 FROM items"});
  CHECK(e.errors == std::vector<std::string>{"recreate the type"});
}

TEST_CASE("an empty expect.txt expects nothing beyond convergence", "[cases]") {
  const auto e = parse_expectations("", "expect.txt");
  CHECK_FALSE(e.schema_absent);
  CHECK(e.hazards.empty());
  CHECK(e.checks.empty());
  CHECK(e.errors.empty());
}

TEST_CASE("a line the runner does not understand names its file and line", "[cases]") {
  CHECK_THROWS_WITH(parse_expectations("hazard data-loss\nhazards data-loss\n", "x/expect.txt"),
                    Catch::Contains("x/expect.txt:2: unknown directive: 'hazards data-loss'"));
  CHECK_THROWS_WITH(parse_expectations("no-schema please\n", "e.txt"),
                    Catch::Contains("e.txt:1: wrong number of arguments"));
  CHECK_THROWS_WITH(parse_expectations("check\n", "e.txt"),
                    Catch::Contains("e.txt:1: wrong number of arguments"));
  CHECK_THROWS_WITH(parse_expectations("hazard data-loss at - table t\n", "e.txt"),
                    Catch::Contains("e.txt:1: expected 'on SUMMARY'"));
  CHECK_THROWS_WITH(parse_expectations("count two + table\n", "e.txt"),
                    Catch::Contains("e.txt:1:"));
}

TEST_CASE("every suite of cases is found in the source tree", "[cases]") {
  CHECK(recon::testing::case_dirs("convergence").size() >= 60);
  CHECK(recon::testing::case_dirs("roundtrip").size() >= 60);
  CHECK(recon::testing::case_dirs("no-such-suite").empty());
}
