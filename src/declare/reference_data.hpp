// Reading and checking [tables.NAME.data]: the reference rows a project declares
// (catalog/reference_data.hpp). Values become SQL literals here; whether each fits its column
// is checked by rules here and, authoritatively, by Postgres when a plan types them.
#pragma once

#include <string>

#include <toml++/toml.h>

#include "catalog/reference_data.hpp"
#include "declare/declaration.hpp"
#include "declare/fields.hpp"

namespace recon::declare {

// The `data` key of table `table` (read by read_table), into out.data.
void read_table_data(const Fields& table, const std::string& name, Declaration& out);

// Against the completed catalog: the key defaults to the primary key and must be it or a
// unique key, every named column exists and can be written, every row gives its key once, and
// values fit the column's type as far as the TOML type shows.
void complete_reference_data(Declaration& declaration, Diagnostics& diagnostics);

// A TOML value as a SQL literal: strings quoted, numbers and booleans bare, dates and times
// quoted in ISO form, arrays as array literals ('{"a","b"}'), inline tables as JSON text.
// Empty when the value cannot be one (an array of tables, say): `problem` then says why.
std::string sql_literal(const toml::node& value, std::string& problem);

}  // namespace recon::declare
