// SQLite column types to Postgres types. SQLite keeps any declared type name and derives an
// affinity from it (https://sqlite.org/datatype3.html, section 3.1); recon maps the names that
// say more than their affinity (BOOLEAN, DATETIME, VARCHAR(n), ...) to their Postgres type,
// and every other name by its affinity. docs/sqlite.md has the table and the reasons.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace recon::sqlite {

struct MappedType {
  std::string type;                    // as a declaration writes it: "bigint", "varchar(255)"
  std::optional<std::string> warning;  // set when the mapping is a guess the user should check
};

MappedType map_type(std::string_view declared);

// The affinity SQLite gives a declared type name: "INTEGER", "TEXT", "BLOB", "REAL", "NUMERIC".
std::string affinity(std::string_view declared);

}  // namespace recon::sqlite
