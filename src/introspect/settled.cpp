#include "introspect/settled.hpp"

#include <cctype>
#include <optional>
#include <string_view>
#include <vector>

namespace recon::introspect {
namespace {

// The end of the quoted text starting at `at` (a ' or "), past the closing quote.
std::size_t past_quoted(const std::string& s, std::size_t at) {
  const char q = s[at];
  for (std::size_t i = at + 1; i < s.size(); ++i) {
    if (s[i] != q) continue;
    if (i + 1 < s.size() && s[i + 1] == q) {
      ++i;
      continue;
    }
    return i + 1;
  }
  return s.size();
}

// Index of the ']' closing the '[' at `open`, skipping quoted text and nested brackets.
std::optional<std::size_t> closing_bracket(const std::string& s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size();) {
    const char c = s[i];
    if (c == '\'' || c == '"') {
      i = past_quoted(s, i);
      continue;
    }
    if (c == '[' || c == '(') ++depth;
    if ((c == ']' || c == ')') && --depth == 0) return c == ']' ? std::optional(i) : std::nullopt;
    ++i;
  }
  return std::nullopt;
}

bool type_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ' || c == '.' ||
         c == '"' || c == '(' || c == ')' || c == ',';
}

// A literal or a name, then casts: 'a'::character varying, 42, x::text.
bool simple(const std::string& e) {
  std::size_t i = 0;
  if (!e.empty() && e[0] == '\'') {
    i = past_quoted(e, 0);
  } else {
    while (i < e.size() && (std::isalnum(static_cast<unsigned char>(e[i])) || e[i] == '_' ||
                            e[i] == '.' || e[i] == '-'))
      ++i;
    if (i == 0) return false;
  }
  while (i < e.size()) {
    if (e.compare(i, 2, "::") != 0) return false;
    i += 2;
    const std::size_t start = i;
    while (i < e.size() && e.compare(i, 2, "::") != 0) {
      if (!type_char(e[i])) return false;
      ++i;
    }
    if (i == start) return false;
  }
  return true;
}

std::vector<std::string> elements(const std::string& list) {
  std::vector<std::string> out(1);
  int depth = 0;
  for (std::size_t i = 0; i < list.size();) {
    const char c = list[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = past_quoted(list, i);
      out.back() += list.substr(i, end - i);
      i = end;
      continue;
    }
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (c == ',' && depth == 0) {
      out.emplace_back();
      i += (i + 1 < list.size() && list[i + 1] == ' ') ? 2 : 1;
      continue;
    }
    out.back() += c;
    ++i;
  }
  return out;
}

}  // namespace

std::string settled_expression(const std::string& printed) {
  std::string out;
  std::size_t i = 0;
  while (i < printed.size()) {
    const char c = printed[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = past_quoted(printed, i);
      out += printed.substr(i, end - i);
      i = end;
      continue;
    }
    if (printed.compare(i, 6, "ARRAY[") == 0) {
      const auto close = closing_bracket(printed, i + 5);
      if (close && printed.compare(*close + 1, 2, "::") == 0) {
        const std::size_t type_start = *close + 3;
        const std::size_t brackets = printed.find("[]", type_start);
        const std::string type =
            brackets == std::string::npos ? "" : printed.substr(type_start, brackets - type_start);
        const auto items = elements(printed.substr(i + 6, *close - i - 6));
        bool ok = !type.empty();
        for (char t : type) ok = ok && type_char(t);
        for (const auto& e : items) ok = ok && simple(e);
        if (ok) {
          out += "ARRAY[";
          for (std::size_t n = 0; n < items.size(); ++n)
            out += (n ? ", " : "") + items[n] + "::" + type;
          out += "]";
          i = brackets + 2;
          continue;
        }
      }
    }
    out += c;
    ++i;
  }
  return out;
}

std::string settled_view_query(const std::string& printed) {
  static constexpr std::string_view from = "(VALUES ";
  std::string out;
  out.reserve(printed.size());
  for (std::size_t i = 0; i < printed.size();) {
    const char c = printed[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = past_quoted(printed, i);
      out.append(printed, i, end - i);
      i = end;
    } else if (printed.compare(i, from.size(), from) == 0) {
      out += "( VALUES ";
      i += from.size();
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace recon::introspect
