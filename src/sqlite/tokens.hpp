// SQLite's SQL as tokens: enough to find the parts of CREATE TABLE and CREATE INDEX statements
// that the pragmas do not give (CHECK constraints, AUTOINCREMENT, generated columns, index
// expressions and predicates) and to translate their expressions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace recon::sqlite {

// ASCII lower case: SQL keywords and type names compare case-insensitively.
std::string ascii_lower(std::string text);

enum class TokenKind { word, identifier, string, number, blob, op };

struct Token {
  TokenKind kind;
  std::string text;   // as written
  std::string value;  // word: upper case; identifier and string: unquoted; else as written
};

// Comments and white space are dropped. Throws sqlite::Error on an unterminated literal.
std::vector<Token> tokenize(std::string_view sql);

// The tokens between the parenthesis at `open` and its match (exclusive); `end` is set to the
// index of the closing parenthesis.
std::vector<Token> parenthesized(const std::vector<Token>& tokens, std::size_t open,
                                 std::size_t& end);

// Splits at the commas that are not inside parentheses.
std::vector<std::vector<Token>> split_top_level(const std::vector<Token>& tokens);

bool is_word(const Token& t, std::string_view upper);
bool is_op(const Token& t, std::string_view text);
// A name: a bare word or a quoted identifier ("x", [x], `x`).
bool is_name(const Token& t);
// The name a word or quoted identifier stands for, with its case as written.
std::string name_of(const Token& t);
// SQL text of tokens, single-spaced.
std::string joined(const std::vector<Token>& tokens);

}  // namespace recon::sqlite
