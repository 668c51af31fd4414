#include "catalog/identifier.hpp"

#include <algorithm>
#include <array>

namespace recon {
namespace {

// PostgreSQL 15's keywords that are not "unreserved": as identifiers they must be quoted.
// From: SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'.
// clang-format off
constexpr std::array<std::string_view, 151> kReservedKeywords = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
    "char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
    "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal",
    "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
    "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
    "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout",
    "int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral",
    "leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "national",
    "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
    "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
    "position", "precision", "primary", "real", "references", "returning", "right", "row",
    "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
    "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim",
    "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose",
    "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
};
// clang-format on

bool is_keyword(std::string_view word) {
  return std::binary_search(kReservedKeywords.begin(), kReservedKeywords.end(), word);
}

bool is_plain_identifier(std::string_view name) {
  if (name.empty()) return false;
  const char first = name.front();
  if (!((first >= 'a' && first <= 'z') || first == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::string quote_ident(std::string_view name) {
  if (is_plain_identifier(name) && !is_keyword(name)) return std::string(name);
  std::string out;
  out.reserve(name.size() + 2);
  out.push_back('"');
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::optional<IdentifierToken> read_identifier(std::string_view text) {
  if (text.empty()) return std::nullopt;
  IdentifierToken out;
  if (text.front() == '"') {
    out.quoted = true;
    for (std::size_t i = 1; i < text.size(); ++i) {
      if (text[i] != '"') {
        out.name.push_back(text[i]);
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        out.name.push_back('"');
        ++i;
      } else {
        out.length = i + 1;
        return out;
      }
    }
    return std::nullopt;  // not closed
  }
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto letter = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  };
  if (!letter(byte(0))) return std::nullopt;
  std::size_t i = 0;
  for (;
       i < text.size() && (letter(byte(i)) || (byte(i) >= '0' && byte(i) <= '9') || byte(i) == '$');
       ++i)
    out.name.push_back(byte(i) >= 'A' && byte(i) <= 'Z' ? static_cast<char>(byte(i) - 'A' + 'a')
                                                        : text[i]);
  out.length = i;
  return out;
}

std::string qualified(std::string_view schema, std::string_view name) {
  if (schema.empty()) return quote_ident(name);
  return quote_ident(schema) + "." + quote_ident(name);
}

std::string quote_literal(std::string_view text) {
  const bool has_backslash = text.find('\\') != std::string_view::npos;
  std::string out;
  out.reserve(text.size() + 3);
  if (has_backslash) out.push_back('E');
  out.push_back('\'');
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    if (c == '\\' && has_backslash) out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string_view clipped(std::string_view name, std::size_t bytes) {
  if (name.size() <= bytes) return name;
  const auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  while (bytes > 0 && continuation(name[bytes])) --bytes;
  return name.substr(0, bytes);
}

std::string_view truncated_identifier(std::string_view name) {
  return clipped(name, max_identifier_bytes);
}

std::string generated_name(std::string_view table, std::string_view columns,
                           std::string_view label) {
  const std::size_t overhead = label.size() + 1 + (columns.empty() ? 0 : 1);
  const std::size_t room = max_identifier_bytes - overhead;
  std::size_t table_bytes = table.size(), columns_bytes = columns.size();
  // Postgres's loop, kept as it is so that ties break the same way.
  while (table_bytes + columns_bytes > room) {
    if (table_bytes > columns_bytes)
      --table_bytes;
    else
      --columns_bytes;
  }
  std::string name(clipped(table, table_bytes));
  if (!columns.empty()) name += "_" + std::string(clipped(columns, columns_bytes));
  return name + "_" + std::string(label);
}

}  // namespace recon
