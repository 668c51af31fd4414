// SQLite expressions (CHECK constraints, index keys and predicates, generated columns,
// defaults) in Postgres's SQL. Only what means the same in both is translated: column names,
// literals, operators and a short list of functions; anything else is refused with the reason,
// so that the caller reports it instead of writing SQL that Postgres would reject or read
// differently.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sqlite/tokens.hpp"

namespace recon::sqlite {

struct ExpressionContext {
  std::string table;                                         // qualifiers naming it are dropped
  std::vector<std::pair<std::string, std::string>> columns;  // name, Postgres type
};

struct Translated {
  std::string sql;
  std::string problem;  // empty when translated

  bool ok() const { return problem.empty(); }
};

Translated translate(const std::vector<Token>& expression, const ExpressionContext& context);

// A column's DEFAULT as PRAGMA table_info gives it (SQL text, maybe parenthesized), for a
// column of Postgres type `type`. NULL gives an empty sql and no problem: no default.
Translated translate_default(const std::string& sqlite_default, const std::string& type);

}  // namespace recon::sqlite
