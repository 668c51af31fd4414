// The name Postgres gives the index it creates on a partition for its parent's index (when
// the index is created on the parent, or a partition is created or attached under it):
// ChooseIndexName of src/backend/commands/indexcmds.c, for an index that backs no constraint.
// A partition's index named otherwise is kept as the parent Index's partition_names.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon {

// "<partition>_<columns>_idx" from the names of the parent index's columns, shortened to 63
// bytes the way Postgres shortens it. Postgres adds a number to "idx" when a relation of that
// name exists already; that one is not predicted here.
std::string partition_index_name(const std::string& partition,
                                 const std::vector<std::string>& index_columns);

// The names Postgres gives an index's columns (pg_attribute of the index), predicted from the
// keys: a column's name; for an expression, the name of the function it calls or the type it
// casts to ("lower", "int8"), else "expr"; a name taken already gets a number ("a", "a1").
// INCLUDE columns count too. Introspection reads the real names instead.
std::vector<std::string> index_column_names(const Index& index);

}  // namespace recon
