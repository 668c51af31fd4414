// Declared reference data: rows of chosen tables that a project declares beside its schema
// ([tables.NAME.data]). Rows are data, not schema: they are kept apart from the Catalog and
// never enter a fingerprint; a plan turns their differences into INSERT/UPDATE/DELETE steps.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon {

// upsert: declared rows are inserted or updated, the others left alone. sync: the others are
// deleted too (a data-loss hazard).
enum class DataMode { upsert, sync };

const char* to_string(DataMode mode);

// One value as declared: the SQL literal its TOML value renders to (10, 'admin', true,
// '{"a","b"}'), which Postgres then types by the column.
struct DeclaredValue {
  std::string column;
  std::string literal;
  SourceLocation where;
  std::string toml_type;  // "an integer", "a string", ...: what the declaration wrote
};

struct DeclaredRow {
  std::vector<DeclaredValue> values;  // in the order written
  SourceLocation where;

  const DeclaredValue* find(const std::string& column) const;
};

struct TableData {
  std::string table;
  DataMode mode = DataMode::upsert;
  std::vector<std::string> key;  // the primary key's columns, or a unique key's
  std::vector<DeclaredRow> rows;
  SourceLocation where;      // the [tables.NAME.data] table
  SourceLocation key_where;  // its `key`, else the table

  // The key columns, then every other column a row names, in the table's column order.
  std::vector<std::string> columns(const Table& table) const;
};

// By table name.
using ReferenceData = std::map<std::string, TableData>;

// Rows as Postgres prints their values (column::text); NULL is nullopt. Both the declared rows
// (typed on the dev database) and the rows a database holds are compared in this form.
using RowValues = std::vector<std::optional<std::string>>;

struct RowColumn {
  std::string name;
  std::string type;   // format_type(), for messages
  bool bare = false;  // numbers and booleans: written without quotes
};

struct TableRows {
  std::string table;
  std::vector<RowColumn> columns;  // the key's first
  std::size_t key_size = 0;
  std::map<RowValues, RowValues> rows;  // key values -> the other columns' values
  // Declared rows name only some columns: nullopt is then "not declared" (left as it is, or
  // its default on insert), not NULL. TOML has no NULL to declare.
  bool partial = false;
};

// The keys of `rows` in the order steps and declarations list them: integers by value (2
// before 10), anything else as text.
std::vector<RowValues> keys_in_order(const TableRows& rows);

}  // namespace recon
