// Postgres does not always print an expression the way it prints it once that print is read
// back. `v IN ('a', 'b')` on a varchar column prints as
//   v::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])
// and that text, read back (as a plan that renders it does), prints as
//   v::text = ANY (ARRAY['a'::character varying::text, 'b'::character varying::text])
// The two mean the same. Introspection keeps the second, settled, form, so that a schema created
// from either compares equal and a plan converges.
#pragma once

#include <string>

namespace recon::introspect {

// `ARRAY[e1, e2]::T[]` with simple elements (literals, names, with casts) becomes
// `ARRAY[e1::T, e2::T]`; everything else is kept as it is.
std::string settled_expression(const std::string& printed);

// A view's query. A VALUES list that is a branch of a set operation (`SELECT ... UNION VALUES
// (1, NULL::integer)`) prints as `FROM (VALUES (...)) "*VALUES*"`; read back, it is a subquery,
// which prints as `FROM ( VALUES (...)) "*VALUES*"`, and stays so. The second form is kept.
std::string settled_view_query(const std::string& printed);

}  // namespace recon::introspect
