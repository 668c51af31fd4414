// The rows of a table, read for reference data (catalog/reference_data.hpp): values as Postgres
// prints them, in a session whose settings make that text the same on every server (UTC, ISO
// dates, shortest exact floats), so that rows read on the dev database and on a target compare.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "catalog/reference_data.hpp"

namespace recon::introspect {

// SET LOCAL of the settings above, for the rest of `txn`.
void use_row_text_settings(pqxx::transaction_base& txn);

// The named columns of `schema`.`table` with their types, in the order given; throws
// std::runtime_error naming a column the table does not have.
std::vector<RowColumn> row_columns(pqxx::transaction_base& txn, const std::string& schema,
                                   const std::string& table, const std::vector<std::string>& names);

// Every row of the table whose key columns (the first `key_size` of `columns`) are not NULL.
TableRows read_rows(pqxx::transaction_base& txn, const std::string& schema,
                    const std::string& table, const std::vector<std::string>& columns,
                    std::size_t key_size);

// The names of the table's columns; none when the table does not exist.
std::set<std::string> table_columns(pqxx::transaction_base& txn, const std::string& schema,
                                    const std::string& table);

}  // namespace recon::introspect
