#include "catalog/partition_index_name.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "catalog/identifier.hpp"

namespace recon {
namespace {

// ChooseIndexNameAddition: the names joined by "_", cut once past 63 bytes.
std::string joined_index_columns(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += '_';
    out += name;
    if (out.size() > max_identifier_bytes) break;
  }
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The position of the parenthesis closing the one at `open`, or npos; quotes are skipped.
std::size_t closing(std::string_view s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\'' || c == '"') {
      const auto end = s.find(c, i + 1);
      if (end == std::string_view::npos) return end;
      i = end;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == ']') && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// The last "::" outside parentheses and quotes, or npos.
std::size_t last_cast(std::string_view s) {
  std::size_t found = std::string_view::npos;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const char c = s[i];
    if (c == '(' || c == '[' || c == '\'' || c == '"') {
      const auto end = c == '\'' || c == '"' ? s.find(c, i + 1) : closing(s, i);
      if (end == std::string_view::npos) return std::string_view::npos;
      i = end;
    } else if (c == ':' && s[i + 1] == ':') {
      found = i++;
    }
  }
  return found;
}

// The last part of a possibly qualified, possibly quoted name ("public.f", "\"My F\"").
std::string last_name_part(std::string_view name) {
  name = trimmed(name);
  if (!name.empty() && name.back() == '"') {
    const auto open = name.rfind('"', name.size() - 2);
    if (open == std::string_view::npos) return std::string(name);
    std::string out;
    for (std::size_t i = open + 1; i + 1 < name.size(); ++i) {
      out += name[i];
      if (name[i] == '"') ++i;  // "" is one quote
    }
    return out;
  }
  const auto dot = name.rfind('.');
  std::string out(dot == std::string_view::npos ? name : name.substr(dot + 1));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A type as Postgres prints it, by its internal name (TypeCast's name for a column).
std::string internal_type_name(std::string_view printed) {
  static const std::map<std::string, std::string, std::less<>> sql_names = {
      {"bigint", "int8"},
      {"integer", "int4"},
      {"smallint", "int2"},
      {"boolean", "bool"},
      {"real", "float4"},
      {"double precision", "float8"},
      {"character varying", "varchar"},
      {"character", "bpchar"},
      {"bit varying", "varbit"},
      {"timestamp without time zone", "timestamp"},
      {"timestamp with time zone", "timestamptz"},
      {"time without time zone", "time"},
      {"time with time zone", "timetz"},
  };
  printed = trimmed(printed);
  while (printed.size() >= 2 && printed.substr(printed.size() - 2) == "[]")
    printed = trimmed(printed.substr(0, printed.size() - 2));
  // A type modifier: "character varying(10)", "timestamp(3) with time zone".
  std::string type(printed);
  for (auto open = type.find('('); open != std::string::npos; open = type.find('(')) {
    const auto close = type.find(')', open);
    if (close == std::string::npos) break;
    type.erase(open, close - open + 1);
    while (open < type.size() && open > 0 && type[open - 1] == ' ' && type[open] == ' ')
      type.erase(open, 1);
  }
  const std::string_view bare = trimmed(type);
  if (auto it = sql_names.find(bare); it != sql_names.end()) return it->second;
  return last_name_part(bare);
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.' ||
         c == '"';
}

// One operand that "::" applies to as a whole: a parenthesized expression, a name, a call, a
// literal, or a cast of one (`a + b::text` casts b only).
bool is_primary(std::string_view s) {
  s = trimmed(s);
  if (s.empty()) return false;
  if (s.front() == '(') return closing(s, 0) == s.size() - 1;
  if (s.front() == '\'') return s.find('\'', 1) == s.size() - 1;
  std::size_t end = 0;
  while (end < s.size() && is_name_char(s[end])) ++end;
  if (end == s.size()) return true;
  if (end > 0 && s[end] == '(') return closing(s, end) == s.size() - 1;
  const auto cast = last_cast(s);
  return cast != std::string_view::npos && is_primary(s.substr(0, cast));
}

struct Figured {
  std::string name;  // empty: none ("expr")
  int strength = 0;  // FigureColnameInternal's: 2 a name of its own, 1 a fallback
};

// FigureColnameInternal (parser/parse_target.c) on the printed expression, for the forms
// Postgres prints.
Figured figure(std::string_view s) {
  s = trimmed(s);
  while (!s.empty() && s.front() == '(' && closing(s, 0) == s.size() - 1)
    s = trimmed(s.substr(1, s.size() - 2));
  if (const auto cast = last_cast(s);
      cast != std::string_view::npos && is_primary(s.substr(0, cast))) {
    Figured inner = figure(s.substr(0, cast));
    if (inner.strength > 1) return inner;
    return {internal_type_name(s.substr(cast + 2)), 1};
  }
  std::size_t end = 0;
  while (end < s.size() && is_name_char(s[end])) ++end;
  const std::string word = end == 0 ? "" : last_name_part(s.substr(0, end));
  if (end > 0 && end == s.size()) return {word, 2};  // a column
  if (end > 0 && s[end] == '(' && closing(s, end) == s.size() - 1) {
    if (word == "row") return {"row", 1};
    return {word, 2};  // a function (COALESCE, GREATEST, NULLIF... too)
  }
  if (word == "case") return {"case", 1};
  if (word == "array") return {"array", 1};
  return {};
}

}  // namespace

std::string partition_index_name(const std::string& partition,
                                 const std::vector<std::string>& index_columns) {
  return generated_name(partition, joined_index_columns(index_columns), "idx");
}

std::vector<std::string> index_column_names(const Index& index) {
  std::vector<std::string> wanted;
  for (const auto& key : index.keys) {
    if (key.expression.empty()) {
      wanted.push_back(key.column);
      continue;
    }
    const Figured figured = figure(key.expression);
    wanted.push_back(figured.name.empty() ? "expr" : figured.name);
  }
  wanted.insert(wanted.end(), index.include.begin(), index.include.end());
  // ChooseIndexColumnNames: a name taken already gets the first number that makes it new.
  std::vector<std::string> out;
  for (const auto& name : wanted) {
    std::string current = name;
    for (int i = 1; std::find(out.begin(), out.end(), current) != out.end(); ++i) {
      const std::string number = std::to_string(i);
      current = std::string(clipped(name, max_identifier_bytes - number.size())) + number;
    }
    out.push_back(current);
  }
  return out;
}

}  // namespace recon
