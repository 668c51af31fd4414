// The one place where SQL identifiers and literals are quoted. Every generated SQL
// statement builds its names through these functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace recon {

// Quotes an identifier the way Postgres's quote_ident does: bare when it is a plain
// lower-case name that is not a keyword, double-quoted (with inner quotes doubled) otherwise.
std::string quote_ident(std::string_view name);

// An identifier read back from SQL text: quote_ident's inverse, and the tokenizer's.
struct IdentifierToken {
  std::string name;        // unquoted; a plain one folded to lower case as Postgres does
  std::size_t length = 0;  // the bytes it takes in the text
  bool quoted = false;
};

// The identifier at the start of `text`: "quoted" (a quote inside doubled) or plain (a letter,
// _ or a byte of a multi-byte character, then those, digits and $), whose ASCII letters Postgres
// folds to lower case. nullopt when none starts there or a quoted one is not closed.
std::optional<IdentifierToken> read_identifier(std::string_view text);

// "schema"."name", or just the name when schema is empty.
std::string qualified(std::string_view schema, std::string_view name);

// A string literal: 'it''s'. Backslashes are literal (standard_conforming_strings is on
// since PostgreSQL 9.1); an E'' literal is used only when the text holds a backslash so
// that the statement means the same under either setting.
std::string quote_literal(std::string_view text);

// Postgres truncates identifiers to 63 bytes (NAMEDATALEN - 1).
constexpr std::size_t max_identifier_bytes = 63;

// The longest prefix of `name` of at most `bytes` bytes that ends at a character boundary
// (Postgres's pg_mbcliplen for UTF-8): cutting inside a multi-byte character would leave bytes
// that are not UTF-8, which the server refuses.
std::string_view clipped(std::string_view name, std::size_t bytes);

// `name` as Postgres stores it (truncate_identifier): at most 63 bytes, whole characters.
std::string_view truncated_identifier(std::string_view name);

// The name Postgres gives an unnamed index or constraint (makeObjectName, as
// ChooseRelationName and ChooseConstraintName call it): "table_columns_label", the longer of
// `table` and `columns` shortened byte by byte until the whole fits in 63 bytes, then each cut at
// a character boundary. An empty `columns` is left out ("table_pkey"). `label` is "idx", "key",
// "pkey", "fkey", "check", "excl", with a number when the plain name is taken ("fkey1").
std::string generated_name(std::string_view table, std::string_view columns,
                           std::string_view label);

}  // namespace recon
