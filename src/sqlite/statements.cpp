#include "sqlite/statements.hpp"

#include <cctype>

#include "sqlite/database.hpp"

namespace recon::sqlite {
namespace {

bool starts_table_constraint(const std::vector<Token>& item) {
  if (item.empty()) return true;
  for (const char* w : {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"}) {
    if (is_word(item[0], w)) return true;
  }
  return false;
}

std::size_t first_open(const std::vector<Token>& tokens, std::size_t from = 0) {
  for (std::size_t i = from; i < tokens.size(); ++i) {
    if (is_op(tokens[i], "(")) return i;
  }
  throw Error("no parenthesis in SQL: " + joined(tokens));
}

// CHECK (...) clauses of one column definition or table constraint; a CONSTRAINT name just
// before CHECK names it.
void read_checks(const std::vector<Token>& item, const std::string& column,
                 std::vector<CheckClause>& checks) {
  for (std::size_t i = 0; i + 1 < item.size(); ++i) {
    if (!is_word(item[i], "CHECK") || !is_op(item[i + 1], "(")) continue;
    CheckClause check;
    check.column = column;
    if (i >= 2 && is_word(item[i - 2], "CONSTRAINT")) check.name = name_of(item[i - 1]);
    std::size_t close = 0;
    check.expression = parenthesized(item, i + 1, close);
    checks.push_back(std::move(check));
    i = close;
  }
}

ColumnClauses read_column(const std::vector<Token>& item) {
  ColumnClauses c;
  for (std::size_t i = 1; i < item.size(); ++i) {
    if (is_op(item[i], "(")) {  // a type's arguments, a CHECK or DEFAULT expression: skip
      std::size_t close = 0;
      const auto inner = parenthesized(item, i, close);
      if (i > 0 && is_word(item[i - 1], "AS")) {
        c.generated = inner;
        c.stored = close + 1 < item.size() && is_word(item[close + 1], "STORED");
      }
      i = close;
    } else if (is_word(item[i], "AUTOINCREMENT")) {
      c.autoincrement = true;
    } else if (is_word(item[i], "COLLATE") && i + 1 < item.size()) {
      c.collation = name_of(item[i + 1]);
      for (char& ch : c.collation)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
  }
  return c;
}

}  // namespace

TableClauses read_create_table(const std::string& sql) {
  const auto tokens = tokenize(sql);
  std::size_t close = 0;
  const auto body = parenthesized(tokens, first_open(tokens), close);
  TableClauses out;
  for (const auto& item : split_top_level(body)) {
    const bool constraint = starts_table_constraint(item);
    read_checks(item, constraint ? "" : name_of(item[0]), out.checks);
    if (constraint) {
      for (const Token& t : item)
        out.autoincrement = out.autoincrement || is_word(t, "AUTOINCREMENT");
      continue;
    }
    ColumnClauses column = read_column(item);
    out.autoincrement = out.autoincrement || column.autoincrement;
    out.columns[name_of(item[0])] = std::move(column);
  }
  return out;
}

IndexClauses read_create_index(const std::string& sql) {
  const auto tokens = tokenize(sql);
  std::size_t on = 0;
  while (on < tokens.size() && !is_word(tokens[on], "ON")) ++on;
  std::size_t close = 0;
  const auto list = parenthesized(tokens, first_open(tokens, on), close);
  IndexClauses out;
  for (auto key : split_top_level(list)) {
    if (!key.empty() && (is_word(key.back(), "ASC") || is_word(key.back(), "DESC"))) key.pop_back();
    if (key.size() >= 2 && is_word(key[key.size() - 2], "COLLATE")) key.resize(key.size() - 2);
    out.keys.push_back(std::move(key));
  }
  if (close + 1 < tokens.size() && is_word(tokens[close + 1], "WHERE"))
    out.where.assign(tokens.begin() + static_cast<std::ptrdiff_t>(close) + 2, tokens.end());
  return out;
}

}  // namespace recon::sqlite
