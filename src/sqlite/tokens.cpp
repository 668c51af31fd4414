#include "sqlite/tokens.hpp"

#include <cctype>

#include "sqlite/database.hpp"

namespace recon::sqlite {

std::string ascii_lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}
namespace {

bool word_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool word_char(char c) {
  return word_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// A literal or quoted identifier that ends with `close`, where a doubled `close` is escaped.
std::size_t quoted_end(std::string_view sql, std::size_t start, char close, std::string& value) {
  for (std::size_t i = start + 1; i < sql.size(); ++i) {
    if (sql[i] != close) {
      value += sql[i];
    } else if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
      value += close;
      ++i;
    } else {
      return i + 1;
    }
  }
  throw Error("unterminated " + std::string(1, sql[start]) + " in SQL: " + std::string(sql));
}

}  // namespace

std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (sql.substr(i, 2) == "/*") {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else if ((c == 'x' || c == 'X') && i + 1 < sql.size() && sql[i + 1] == '\'') {
      std::string value;
      const std::size_t end = quoted_end(sql, i + 1, '\'', value);
      out.push_back({TokenKind::blob, std::string(sql.substr(i, end - i)), value});
      i = end;
    } else if (word_start(c)) {
      std::size_t end = i;
      while (end < sql.size() && word_char(sql[end])) ++end;
      std::string text(sql.substr(i, end - i));
      std::string value = text;
      for (char& ch : value) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      out.push_back({TokenKind::word, text, value});
      i = end;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      std::string value;
      const std::size_t end = quoted_end(sql, i, c == '[' ? ']' : c, value);
      out.push_back({c == '\'' ? TokenKind::string : TokenKind::identifier,
                     std::string(sql.substr(i, end - i)), value});
      i = end;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < sql.size() &&
                std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
      std::size_t end = i;
      while (
          end < sql.size() &&
          (std::isalnum(static_cast<unsigned char>(sql[end])) || sql[end] == '.' ||
           ((sql[end] == '+' || sql[end] == '-') && (sql[end - 1] == 'e' || sql[end - 1] == 'E'))))
        ++end;
      const std::string text(sql.substr(i, end - i));
      out.push_back({TokenKind::number, text, text});
      i = end;
    } else {
      static const std::string_view two[] = {"||", "==", "!=", "<>", "<=", ">=", "<<", ">>"};
      std::size_t length = 1;
      for (auto op : two) {
        if (sql.substr(i, 2) == op) length = 2;
      }
      const std::string text(sql.substr(i, length));
      out.push_back({TokenKind::op, text, text});
      i += length;
    }
  }
  return out;
}

std::vector<Token> parenthesized(const std::vector<Token>& tokens, std::size_t open,
                                 std::size_t& end) {
  int depth = 0;
  for (std::size_t i = open; i < tokens.size(); ++i) {
    if (is_op(tokens[i], "(")) ++depth;
    if (is_op(tokens[i], ")") && --depth == 0) {
      end = i;
      return {tokens.begin() + static_cast<std::ptrdiff_t>(open) + 1,
              tokens.begin() + static_cast<std::ptrdiff_t>(i)};
    }
  }
  throw Error("unbalanced parentheses in SQL: " + joined(tokens));
}

std::vector<std::vector<Token>> split_top_level(const std::vector<Token>& tokens) {
  std::vector<std::vector<Token>> out(1);
  int depth = 0;
  for (const Token& t : tokens) {
    if (is_op(t, "(")) ++depth;
    if (is_op(t, ")")) --depth;
    if (depth == 0 && is_op(t, ",")) {
      out.emplace_back();
    } else {
      out.back().push_back(t);
    }
  }
  return out;
}

bool is_word(const Token& t, std::string_view upper) {
  return t.kind == TokenKind::word && t.value == upper;
}

bool is_op(const Token& t, std::string_view text) {
  return t.kind == TokenKind::op && t.text == text;
}

bool is_name(const Token& t) {
  return t.kind == TokenKind::word || t.kind == TokenKind::identifier;
}

std::string name_of(const Token& t) {
  return t.kind == TokenKind::identifier ? t.value : t.text;
}

std::string joined(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) out += (out.empty() ? "" : " ") + t.text;
  return out;
}

}  // namespace recon::sqlite
