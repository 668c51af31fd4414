#include "plan/reference_rows.hpp"

#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "diff/rows.hpp"
#include "introspect/rows.hpp"
#include "run/runner.hpp"

namespace recon::plan {
namespace {

// What Postgres said, without "ERROR:  " and the LINE/caret lines.
std::string server_message_line(const std::string& what) {
  std::string line = what.substr(0, what.find('\n'));
  if (line.rfind("ERROR:", 0) == 0) line = line.substr(line.find_first_not_of(' ', 6));
  return line;
}

std::string column_list_sql(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + quote_ident(c);
  return out;
}

// Where each declared row is, by its typed key.
using RowPlaces = std::map<std::string, std::map<RowValues, SourceLocation>>;

// A value typed as an INSERT into the column types it: into a column-for-column copy of the
// table without constraints, so that only the type (and domain) decides.
std::optional<std::string> typed_value(pqxx::dbtransaction& txn, const DeclaredValue& value,
                                       const RowColumn& column, const std::string& table,
                                       std::vector<Diagnostic>& problems) {
  try {
    pqxx::subtransaction sub(txn, "recon_typed_value");
    const auto row = sub.exec1("INSERT INTO pg_temp.recon_typed_rows (" + quote_ident(column.name) +
                               ") VALUES (" + value.literal + ") RETURNING " +
                               quote_ident(column.name) + "::text");
    sub.commit();
    if (row[0].is_null()) return std::nullopt;
    return row[0].as<std::string>();
  } catch (const pqxx::sql_error& e) {
    problems.push_back({value.where, "value " + value.literal + " does not fit column " + table +
                                         "." + column.name + " (" + column.type +
                                         "): " + server_message_line(e.what())});
    return std::nullopt;
  }
}

TableRows typed_declared(pqxx::connection& conn, const std::string& schema, const TableData& data,
                         const std::vector<std::string>& names,
                         std::map<RowValues, SourceLocation>* places) {
  pqxx::work txn(conn);
  introspect::use_row_text_settings(txn);
  TableRows out;
  out.table = data.table;
  out.columns = introspect::row_columns(txn, schema, data.table, names);
  out.key_size = data.key.size();
  out.partial = true;
  txn.exec0("CREATE TEMP TABLE recon_typed_rows AS SELECT " + column_list_sql(names) + " FROM " +
            qualified(schema, data.table) + " WITH NO DATA");
  std::vector<Diagnostic> problems;
  for (const auto& row : data.rows) {
    RowValues key;
    RowValues rest;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const DeclaredValue* value = row.find(names[i]);
      std::optional<std::string> text;
      if (value) text = typed_value(txn, *value, out.columns[i], data.table, problems);
      (i < out.key_size ? key : rest).push_back(std::move(text));
    }
    if (places) places->emplace(key, row.where);
    // 1 and 1.0 are two literals but one numeric key.
    if (!out.rows.emplace(std::move(key), std::move(rest)).second)
      problems.push_back({row.where, "a row of table '" + data.table +
                                         "' with the same key once Postgres reads it is declared "
                                         "before it: declare each row once"});
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  return out;  // the transaction is rolled back: the copy goes with it
}

std::map<std::string, diff::RowsToCompare> rows_to_compare(
    const ReferenceData& data, const std::map<std::string, TableRows>& current,
    const std::map<std::string, TableRows>& declared) {
  std::map<std::string, diff::RowsToCompare> out;
  for (const auto& [name, table] : data)
    out[name] = {table.mode, &current.at(name), &declared.at(name)};
  return out;
}

// A step the dev database refuses is the declaration's problem (a foreign key to a row that
// is not there, a NOT NULL column left out): said at the row.
void run_located(pqxx::connection& conn, const std::string& schema,
                 const std::vector<Change>& changes) {
  try {
    run::run_steps(conn, schema, steps_of(changes));
  } catch (const run::StepError& e) {
    const Change& failed = changes.at(e.number() - 1);
    throw InputError(
        {{failed.where, "the reference " + failed.object + " cannot be written (" +
                            server_message_line(e.server_message()) + "); SQL: " + failed.sql}});
  }
}

}  // namespace

TableRows current_rows(pqxx::connection& conn, const std::string& schema, const TableData& data,
                       const std::vector<std::string>& columns) {
  pqxx::read_transaction txn(conn);
  introspect::use_row_text_settings(txn);
  return introspect::read_rows(txn, schema, data.table, columns, data.key.size());
}

std::vector<Change> plan_rows(pqxx::connection& conn, const Catalog& desired,
                              const ReferenceData& data) {
  if (data.empty()) return {};
  std::map<std::string, TableRows> declared;
  std::map<std::string, TableRows> current;
  RowPlaces places;
  std::vector<Diagnostic> problems;
  std::map<std::string, std::vector<std::string>> columns;
  for (const auto& [name, table] : data) {
    columns[name] = table.columns(desired.tables.at(name));
    try {
      declared.emplace(name,
                       typed_declared(conn, desired.schema, table, columns[name], &places[name]));
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
    current.emplace(name, current_rows(conn, desired.schema, table, columns[name]));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  auto changes = diff::diff_rows(desired, rows_to_compare(data, current, declared));
  // The row's place in the declaration, for errors (deleted rows have none).
  std::map<std::string, SourceLocation> place_of;
  for (const auto& [name, rows] : places)
    for (const auto& [key, at] : rows)
      place_of["row " + name + "(" + diff::describe_key(declared.at(name), key) + ")"] = at;
  for (auto& change : changes) {
    const auto found = place_of.find(change.object);
    if (found != place_of.end()) change.where = found->second;
  }
  if (changes.empty()) return changes;
  run_located(conn, desired.schema, changes);
  std::map<std::string, TableRows> reached;
  for (const auto& [name, table] : data)
    reached.emplace(name, current_rows(conn, desired.schema, table, columns[name]));
  const auto leftover = diff::diff_rows(desired, rows_to_compare(data, reached, declared));
  if (!leftover.empty())
    throw std::runtime_error(
        "the reference rows do not reach the declared values on the dev "
        "database (a trigger or a rule changes them?); still different: " +
        leftover.front().summary);
  return changes;
}

}  // namespace recon::plan
