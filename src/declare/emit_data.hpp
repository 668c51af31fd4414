// The reverse of reading [tables.NAME.data]: a table's rows written as the declaration of its
// reference data, for `recon inspect --data TABLE`. Planning from the output changes nothing.
#pragma once

#include <string>

#include "catalog/reference_data.hpp"

namespace recon::declare {

// [tables.NAME.data] with `mode`, `key` (the first rows.key_size columns) and one inline table
// per row, in key order. Integers and booleans are written as TOML values, everything else as
// strings that Postgres reads back into the column's type; NULLs are left out of the row.
std::string emit_table_data(const TableRows& rows, DataMode mode);

// A bare TOML key when TOML allows it, a quoted one otherwise.
std::string toml_key(const std::string& name);

}  // namespace recon::declare
