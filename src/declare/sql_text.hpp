// SQL text in a declaration (a type, a default, an expression, a query) is pasted into the
// statements recon writes. A fragment that ends the statement early (`1); DROP ...`), leaves a
// quote, comment or parenthesis open, or adds a sibling column (`1, evil int`) would make
// Postgres read something other than what the declaration seems to say, and recon would plan
// that silently. So each fragment must be self-contained; the check is lexical (quotes,
// comments, dollar quotes, parentheses), which is all it takes to keep a fragment in its slot.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace recon::declare {

enum class SqlShape {
  expression,  // one value or type: no top-level comma
  clause,      // a query or a clause (SELECT a, b ...; USING gist (...)): top-level commas allowed
};

// Why `text` cannot be pasted into a statement, or nullopt when it can.
std::optional<std::string> sql_fragment_problem(std::string_view text, SqlShape shape);

}  // namespace recon::declare
