// What the pragmas do not tell about a table or an index, read from its CREATE statement (the
// `sql` column of sqlite_master): CHECK constraints, AUTOINCREMENT, generated columns, column
// collations, and the key expressions and predicate of an index.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sqlite/tokens.hpp"

namespace recon::sqlite {

struct ColumnClauses {
  bool autoincrement = false;
  std::vector<Token> generated;  // the expression of GENERATED ALWAYS AS (...) / AS (...)
  bool stored = false;           // STORED (else VIRTUAL, SQLite's default)
  std::string collation;         // COLLATE x, upper case; empty when none
};

struct CheckClause {
  std::string name;    // CONSTRAINT name, else empty
  std::string column;  // the column whose definition holds it; empty for a table constraint
  std::vector<Token> expression;
};

struct TableClauses {
  std::map<std::string, ColumnClauses> columns;  // by column name as written
  std::vector<CheckClause> checks;
  bool autoincrement = false;  // AUTOINCREMENT anywhere (also in a table PRIMARY KEY clause)
};

TableClauses read_create_table(const std::string& sql);

struct IndexClauses {
  std::vector<std::vector<Token>> keys;  // each key as written, without ASC/DESC/COLLATE
  std::vector<Token> where;              // empty: not partial
};

IndexClauses read_create_index(const std::string& sql);

}  // namespace recon::sqlite
