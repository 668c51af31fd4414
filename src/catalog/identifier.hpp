// The one place where SQL identifiers and literals are quoted. Every generated SQL
// statement builds its names through these functions.
#pragma once

#include <string>
#include <string_view>

namespace recon {

// Quotes an identifier the way Postgres's quote_ident does: bare when it is a plain
// lower-case name that is not a keyword, double-quoted (with inner quotes doubled) otherwise.
std::string quote_ident(std::string_view name);

// "schema"."name", or just the name when schema is empty.
std::string qualified(std::string_view schema, std::string_view name);

// A string literal: 'it''s'. Backslashes are literal (standard_conforming_strings is on
// since PostgreSQL 9.1); an E'' literal is used only when the text holds a backslash so
// that the statement means the same under either setting.
std::string quote_literal(std::string_view text);

// Postgres truncates identifiers to 63 bytes (NAMEDATALEN - 1).
constexpr std::size_t max_identifier_bytes = 63;

}  // namespace recon
