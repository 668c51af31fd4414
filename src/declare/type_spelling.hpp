// The spellings a person writes for the types Postgres prints long: what `recon inspect` puts
// in the TOML ("varchar(255)" for "character varying(255)"), and the serial pseudo-types.
// Either spelling declares the same column: declarations are normalized by Postgres itself.
#pragma once

#include <string>
#include <string_view>

namespace recon::declare {

// The short form of a type as Postgres prints it (format_type), modifiers and array brackets
// kept: "character varying(255)[]" -> "varchar(255)[]", "timestamp(3) with time zone" ->
// "timestamptz(3)", "timestamp without time zone" -> "timestamp", "character(2)" -> "char(2)",
// "bit varying(8)" -> "varbit(8)", "time with time zone" -> "timetz". Any other type, quoted
// and schema-qualified names included, is returned as it is.
std::string written_type(const std::string& printed);

// "smallserial", "serial" or "bigserial" (and serial2/4/8, any case): the pseudo-types that
// create a sequence owned by their column.
bool is_serial_type(std::string_view type);

}  // namespace recon::declare
