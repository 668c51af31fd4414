// The differences between the rows a database holds and the reference rows a project declares,
// as INSERT/UPDATE/DELETE changes: "+ row roles(name='admin')",
// "~ row plans(id=3): price 10 -> 12", "- row roles(name='guest')" (a data-loss hazard).
//
// Order: inserts and updates table by table, referenced tables first (by the foreign keys
// between the declared tables), then deletes in the reverse table order, so that a row is
// written before the rows that reference it and removed after them; within a table, by key.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "catalog/reference_data.hpp"
#include "diff/change.hpp"

namespace recon::diff {

struct RowsToCompare {
  DataMode mode = DataMode::upsert;  // upsert: rows only in `current` are left alone
  const TableRows* current = nullptr;
  const TableRows* desired = nullptr;  // same columns as `current`, in the same order
};

// By table name; `schema` gives the foreign keys that order the tables.
std::vector<Change> diff_rows(const Catalog& schema,
                              const std::map<std::string, RowsToCompare>& tables);

// The tables in the order their rows are written: a table after those it references (among
// `tables`), else by name. Cycles keep name order.
std::vector<std::string> tables_in_reference_order(const Catalog& schema,
                                                   const std::vector<std::string>& tables);

// A value as SQL: NULL, a bare number or boolean, else a quoted literal.
std::string value_sql(const RowColumn& column, const std::optional<std::string>& value);

// "name='admin'", "tenant=3, code='x'"
std::string describe_key(const TableRows& rows, const RowValues& key);

}  // namespace recon::diff
