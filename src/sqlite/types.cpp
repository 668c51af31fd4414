#include "sqlite/types.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace recon::sqlite {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "VARCHAR ( 255 )" -> base "VARCHAR", arguments "255"; "DOUBLE  PRECISION" -> "DOUBLE PRECISION".
struct Parsed {
  std::string base;
  std::optional<std::string> arguments;
};

Parsed parse(std::string_view declared) {
  Parsed p;
  const std::string text = upper(declared);
  const auto open = text.find('(');
  std::string base = text.substr(0, open);
  std::string squeezed;
  for (char c : base) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!squeezed.empty() && squeezed.back() != ' ') squeezed += ' ';
    } else {
      squeezed += c;
    }
  }
  while (!squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
  p.base = squeezed;
  if (open != std::string::npos) {
    const auto close = text.find(')', open);
    std::string args =
        text.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
    std::erase_if(args, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    p.arguments = args;
  }
  return p;
}

bool digits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// "p" or "p,s" with digits only: safe to copy into the Postgres type.
bool precision(const std::optional<std::string>& args) {
  if (!args) return false;
  const auto comma = args->find(',');
  if (comma == std::string::npos) return digits(*args);
  return digits(args->substr(0, comma)) && digits(args->substr(comma + 1));
}

}  // namespace

std::string affinity(std::string_view declared) {
  const std::string t = upper(declared);
  if (t.find("INT") != std::string::npos) return "INTEGER";
  if (t.find("CHAR") != std::string::npos || t.find("CLOB") != std::string::npos ||
      t.find("TEXT") != std::string::npos)
    return "TEXT";
  if (t.find("BLOB") != std::string::npos || t.empty()) return "BLOB";
  if (t.find("REAL") != std::string::npos || t.find("FLOA") != std::string::npos ||
      t.find("DOUB") != std::string::npos)
    return "REAL";
  return "NUMERIC";
}

MappedType map_type(std::string_view declared) {
  const Parsed p = parse(declared);
  // Names whose meaning is clearer than their affinity; arguments are kept where Postgres
  // takes them, dropped where SQLite ignored them anyway.
  static const std::map<std::string, std::string> exact = {
      {"BOOLEAN", "boolean"},
      {"BOOL", "boolean"},
      {"DATETIME", "timestamp"},
      {"TIMESTAMP", "timestamp"},
      {"TIMESTAMP WITHOUT TIME ZONE", "timestamp"},
      {"TIMESTAMP WITH TIME ZONE", "timestamptz"},
      {"TIMESTAMPTZ", "timestamptz"},
      {"DATE", "date"},
      {"TIME", "time"},
      {"UUID", "uuid"},
      {"JSON", "jsonb"},
      {"JSONB", "jsonb"},
      {"TEXT", "text"},
      {"CLOB", "text"},
      {"BLOB", "bytea"},
      {"REAL", "double precision"},
      {"DOUBLE", "double precision"},
      {"DOUBLE PRECISION", "double precision"},
      {"FLOAT", "double precision"},
  };
  if (auto it = exact.find(p.base); it != exact.end()) return {it->second, std::nullopt};

  static const std::map<std::string, std::string> sized_text = {
      {"VARCHAR", "varchar"},
      {"CHARACTER VARYING", "varchar"},
      {"VARYING CHARACTER", "varchar"},
      {"NVARCHAR", "varchar"},
      {"NATIVE CHARACTER", "varchar"},
      {"CHAR", "char"},
      {"CHARACTER", "char"},
      {"NCHAR", "char"},
  };
  if (auto it = sized_text.find(p.base); it != sized_text.end()) {
    if (p.arguments && digits(*p.arguments) && *p.arguments != "0")
      return {it->second + "(" + *p.arguments + ")", std::nullopt};
    return {"text", std::nullopt};
  }
  if (p.base == "DECIMAL" || p.base == "NUMERIC") {
    if (precision(p.arguments)) return {"numeric(" + *p.arguments + ")", std::nullopt};
    return {"numeric", std::nullopt};
  }

  const std::string by_affinity = affinity(declared);
  if (by_affinity == "INTEGER") {
    // SQLite stores up to 8 bytes in every integer column, whatever its declared size.
    return {"bigint", std::nullopt};
  }
  if (by_affinity == "TEXT") return {"text", std::nullopt};
  if (by_affinity == "REAL") return {"double precision", std::nullopt};
  if (by_affinity == "BLOB") {
    if (p.base.empty())
      return {"text", "no declared type (SQLite accepts values of any type there): mapped to text"};
    return {"bytea", std::nullopt};
  }
  return {"numeric", "type '" + std::string(declared) +
                         "' has no Postgres counterpart recon knows: mapped to numeric (SQLite's "
                         "NUMERIC affinity)"};
}

}  // namespace recon::sqlite
