// The reference data of a plan: the declared rows typed by their columns on the dev database,
// compared with the rows the revisions leave there, and the INSERT/UPDATE/DELETE changes that
// make them equal (diff/rows.hpp), checked by running them there.
#pragma once

#include <map>
#include <string>

#include <pqxx/pqxx>

#include "catalog/catalog.hpp"
#include "catalog/reference_data.hpp"
#include "diff/change.hpp"

namespace recon::plan {

// The rows `conn` holds of the table, with `columns` (TableData::columns of the table, or some
// of them), as Postgres prints them.
TableRows current_rows(pqxx::connection& conn, const std::string& schema, const TableData& data,
                       const std::vector<std::string>& columns);

// The changes that bring the declared tables' rows on `conn` (in the state the schema steps
// leave) to the declared rows, run there; `desired` orders them by its foreign keys. Throws
// InputError at a value that does not fit, or at a row whose step Postgres refuses.
std::vector<Change> plan_rows(pqxx::connection& conn, const Catalog& desired,
                              const ReferenceData& data);

}  // namespace recon::plan
