#include "declare/sql_text.hpp"

#include <vector>

#include "catalog/identifier.hpp"

namespace recon::declare {
namespace {

bool identifier_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || u >= 0x80;
}

bool tag_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || u >= 0x80;
}

// " (at '1); DROP TA...')": where the problem is, short enough for one line.
std::string near(std::string_view text, std::size_t at) {
  constexpr std::size_t kShown = 24;
  std::string shown(text.substr(at, kShown));
  for (char& c : shown) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return " (at '" + shown + (text.size() - at > kShown ? "...')" : "')");
}

// The length of a dollar-quote opener ($$ or $tag$) at `at`, or 0 when there is none.
std::size_t dollar_tag(std::string_view text, std::size_t at) {
  if (at > 0 && identifier_char(text[at - 1])) return 0;  // a$b, $1: not a quote
  std::size_t end = at + 1;
  if (end < text.size() && tag_start(text[end])) {
    while (end < text.size() && identifier_char(text[end]) && text[end] != '$') ++end;
  }
  return end < text.size() && text[end] == '$' ? end - at + 1 : 0;
}

}  // namespace

std::optional<std::string> sql_fragment_problem(std::string_view text, SqlShape shape) {
  std::vector<std::pair<char, std::size_t>> open;  // brackets not closed yet, and where
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const std::size_t start = i;
    if (c == '\0') return "contains a NUL character, which Postgres does not accept in SQL text";
    if (c == '\'') {
      // E'...' strings take backslash escapes; the E must start a token.
      const bool escapes = i > 0 && (text[i - 1] == 'E' || text[i - 1] == 'e') &&
                           (i < 2 || !identifier_char(text[i - 2]));
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (escapes && text[i] == '\\') {
          i += 2;
          continue;
        }
        if (text[i] == '\'') {
          if (i + 1 < text.size() && text[i + 1] == '\'') {
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        ++i;
      }
      if (!closed) return "has a string literal that is not closed" + near(text, start);
      continue;
    }
    if (c == '"') {
      const auto quoted = read_identifier(text.substr(i));
      if (!quoted) return "has a quoted identifier that is not closed" + near(text, start);
      i += quoted->length;
      continue;
    }
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      const std::size_t end = text.find('\n', i);
      // Pasted into a statement, the comment would swallow what recon writes after it.
      if (end == std::string_view::npos)
        return "ends in a -- comment, which would also hide the SQL that follows it (end the "
               "comment with a newline, or use /* */)" +
               near(text, start);
      i = end + 1;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      int depth = 0;  // Postgres's block comments nest
      while (i < text.size()) {
        if (text.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (text.compare(i, 2, "*/") == 0) {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
      if (depth != 0) return "has a /* comment that is not closed" + near(text, start);
      continue;
    }
    if (c == '$') {
      if (const std::size_t length = dollar_tag(text, i)) {
        const std::string_view tag = text.substr(i, length);
        const std::size_t close = text.find(tag, i + length);
        if (close == std::string_view::npos)
          return "has a " + std::string(tag) + " quote that is not closed" + near(text, start);
        i = close + length;
        continue;
      }
    }
    if (c == '(' || c == '[') open.emplace_back(c, i);
    if (c == ')' || c == ']') {
      const char expected = c == ')' ? '(' : '[';
      if (open.empty() || open.back().first != expected)
        return "has a '" + std::string(1, c) + "' that closes nothing it opened" + near(text, i);
      open.pop_back();
    }
    if (c == ';') {
      // A view's query may end with the semicolon people type after a query, and nothing else.
      const bool trailing = text.find_first_not_of(" \t\r\n", i + 1) == std::string_view::npos;
      if (!(shape == SqlShape::clause && trailing && open.empty()))
        return "has a ';', which would end the statement recon writes: write one " +
               std::string(shape == SqlShape::clause ? "query or clause" : "expression") +
               ", not several statements" + near(text, i);
    }
    if (c == ',' && open.empty() && shape == SqlShape::expression)
      return "has a ',' outside parentheses: write one expression (a comma here would add to "
             "the statement recon writes)" +
             near(text, i);
    ++i;
  }
  if (!open.empty())
    return "leaves a '" + std::string(1, open.back().first) + "' open" +
           near(text, open.back().second);
  return std::nullopt;
}

}  // namespace recon::declare
