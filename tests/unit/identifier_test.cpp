#include <catch2/catch.hpp>

#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"

using namespace recon;

TEST_CASE("identifiers are quoted only when Postgres needs it", "[identifier]") {
  CHECK(quote_ident("todos") == "todos");
  CHECK(quote_ident("00_personal_todo") == "\"00_personal_todo\"");
  CHECK(quote_ident("UserAccount") == "\"UserAccount\"");
  CHECK(quote_ident("order") == "\"order\"");
  CHECK(quote_ident("user") == "\"user\"");
  CHECK(quote_ident("name") == "name");  // unreserved keyword
  CHECK(quote_ident("a\"b") == "\"a\"\"b\"");
  CHECK(quote_ident("x; DROP TABLE y") == "\"x; DROP TABLE y\"");
  CHECK(quote_ident("café") == "\"café\"");
  CHECK(quote_ident("") == "\"\"");
  CHECK(qualified("01_user_auth_todo", "users") == "\"01_user_auth_todo\".users");
}

TEST_CASE("literals are quoted so that they cannot end early", "[identifier]") {
  CHECK(quote_literal("open") == "'open'");
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("a\\b") == "E'a\\\\b'");
}

TEST_CASE("the fingerprint ignores hints, locations and the schema's own name", "[fingerprint]") {
  Catalog a;
  a.schema = "tenant_1";
  Table t;
  t.name = "todos";
  a.tables["todos"] = t;
  Catalog b = a;
  b.schema = "tenant_2";
  b.tables["todos"].renamed_from = {"tasks"};
  b.tables["todos"].where = {"x.toml", 3, 1};
  CHECK(fingerprint(a) == fingerprint(b));
  CHECK(fingerprint(a).rfind("sha256:", 0) == 0);
  CHECK(fingerprint(a).size() == 7 + 64);
  b.tables["todos"].unlogged = true;
  CHECK(fingerprint(a) != fingerprint(b));
}
