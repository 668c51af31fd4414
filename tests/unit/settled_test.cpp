#include <catch2/catch.hpp>

#include "introspect/settled.hpp"

using recon::introspect::settled_expression;

TEST_CASE("a printed IN list on varchar settles into the form Postgres prints when re-read",
          "[introspect][settled]") {
  // As printed from `p IN ('low', 'it''s')`, and as printed once that print is read back.
  const std::string first =
      "p::text = ANY (ARRAY['low'::character varying, 'it''s'::character varying]::text[])";
  const std::string settled =
      "p::text = ANY (ARRAY['low'::character varying::text, 'it''s'::character varying::text])";
  CHECK(settled_expression(first) == settled);
  CHECK(settled_expression(settled) == settled);
  // Elements that are not plain literals or names are left alone.
  const std::string complex = "x = ANY (ARRAY[a + 1, b]::integer[])";
  CHECK(settled_expression(complex) == complex);
  // Text inside literals is never rewritten.
  const std::string literal = "note = 'ARRAY[''a'']::text[]'";
  CHECK(settled_expression(literal) == literal);
}

TEST_CASE("a VALUES branch of a set operation settles into the form Postgres prints when re-read",
          "[introspect][settled]") {
  using recon::introspect::settled_view_query;
  // As printed from `SELECT x FROM a UNION VALUES (NULL::integer)`, and once read back.
  const std::string first =
      " SELECT a.x\n   FROM a\nUNION\n SELECT \"*VALUES*\".column1 AS x\n"
      "   FROM (VALUES (NULL::integer)) \"*VALUES*\";";
  const std::string settled =
      " SELECT a.x\n   FROM a\nUNION\n SELECT \"*VALUES*\".column1 AS x\n"
      "   FROM ( VALUES (NULL::integer)) \"*VALUES*\";";
  CHECK(settled_view_query(first) == settled);
  CHECK(settled_view_query(settled) == settled);
  // Text inside literals is never rewritten.
  const std::string literal = " SELECT '(VALUES (1))'::text AS t;";
  CHECK(settled_view_query(literal) == literal);
}
