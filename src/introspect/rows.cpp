#include "introspect/rows.hpp"

#include <stdexcept>

#include "catalog/identifier.hpp"

namespace recon::introspect {

void use_row_text_settings(pqxx::transaction_base& txn) {
  txn.exec0(
      "SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; "
      "SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1; "
      "SET LOCAL bytea_output = 'hex'");
}

std::vector<RowColumn> row_columns(pqxx::transaction_base& txn, const std::string& schema,
                                   const std::string& table,
                                   const std::vector<std::string>& names) {
  const auto found = txn.exec_params(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory "
      "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
      "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped",
      qualified(schema, table));
  std::vector<RowColumn> out;
  for (const auto& name : names) {
    bool known = false;
    for (const auto& row : found) {
      if (row[0].as<std::string>() != name) continue;
      const std::string category = row[2].as<std::string>();
      out.push_back({name, row[1].as<std::string>(), category == "N" || category == "B"});
      known = true;
    }
    if (!known)
      throw std::runtime_error("table " + qualified(schema, table) + " has no column " +
                               quote_ident(name));
  }
  return out;
}

TableRows read_rows(pqxx::transaction_base& txn, const std::string& schema,
                    const std::string& table, const std::vector<std::string>& columns,
                    std::size_t key_size) {
  TableRows out;
  out.table = table;
  out.columns = row_columns(txn, schema, table, columns);
  out.key_size = key_size;
  std::string list;
  std::string keyed;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    list += (i ? ", " : "") + quote_ident(columns[i]) + "::text";
    if (i < key_size) keyed += (i ? " AND " : "") + quote_ident(columns[i]) + " IS NOT NULL";
  }
  const auto rows = txn.exec("SELECT " + list + " FROM " + qualified(schema, table) +
                             (keyed.empty() ? "" : " WHERE " + keyed));
  for (const auto& row : rows) {
    RowValues key;
    RowValues rest;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      std::optional<std::string> value;
      if (!row[static_cast<int>(i)].is_null()) value = row[static_cast<int>(i)].as<std::string>();
      (i < key_size ? key : rest).push_back(std::move(value));
    }
    out.rows.emplace(std::move(key), std::move(rest));
  }
  return out;
}

std::set<std::string> table_columns(pqxx::transaction_base& txn, const std::string& schema,
                                    const std::string& table) {
  std::set<std::string> out;
  for (const auto& row : txn.exec_params(
           "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 "
           "AND NOT attisdropped",
           qualified(schema, table)))
    out.insert(row[0].as<std::string>());
  return out;
}

}  // namespace recon::introspect
