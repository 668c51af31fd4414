#include "diff/rows.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "catalog/identifier.hpp"
#include "run/step.hpp"

namespace recon::diff {
namespace {

bool plain_number_text(const std::string& text) {
  if (text.empty()) return false;
  std::size_t digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (!((c == '-' || c == '+') && (i == 0 || text[i - 1] == 'e')) && c != '.' &&
               c != 'e') {
      return false;
    }
  }
  return digits > 0;
}

std::string row_where_clause(const TableRows& rows, const RowValues& key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i)
    out += (i ? " AND " : "") + quote_ident(rows.columns[i].name) + " = " +
           value_sql(rows.columns[i], key[i]);
  return out;
}

Change row_change(const TableRows& rows, const RowValues& key, char sign, std::string sql) {
  Change c;
  c.kind = ChangeKind::data_row;
  c.object = "row " + rows.table + "(" + describe_key(rows, key) + ")";
  c.summary = std::string(1, sign) + " " + c.object;
  c.sql = std::move(sql);
  return c;
}

// ON CONFLICT: a row that a target already holds (the table's rows were there before they
// were declared, or someone added it) is updated rather than failing the revision.
Change insert_row(const TableRows& rows, const RowValues& key, const RowValues& rest) {
  std::string columns;
  std::string values;
  std::string key_columns;
  std::string sets;
  for (std::size_t i = 0; i < rows.columns.size(); ++i) {
    const auto& value = i < rows.key_size ? key[i] : rest[i - rows.key_size];
    if (!value && rows.partial) continue;
    const std::string name = quote_ident(rows.columns[i].name);
    columns += (columns.empty() ? "" : ", ") + name;
    values += (values.empty() ? "" : ", ") + value_sql(rows.columns[i], value);
    if (i < rows.key_size)
      key_columns += (key_columns.empty() ? "" : ", ") + name;
    else
      sets += (sets.empty() ? "" : ", ") + name + " = EXCLUDED." + name;
  }
  return row_change(rows, key, '+',
                    "INSERT INTO " + quote_ident(rows.table) + " (" + columns + ") VALUES (" +
                        values + ") ON CONFLICT (" + key_columns + ") " +
                        (sets.empty() ? "DO NOTHING" : "DO UPDATE SET " + sets) + ";");
}

// Nothing when the row already holds every declared value.
std::optional<Change> update_row(const TableRows& rows, const RowValues& key, const RowValues& now,
                                 const RowValues& wanted) {
  std::string sets;
  std::string shown_changes;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if ((!wanted[i] && rows.partial) || wanted[i] == now[i]) continue;
    const RowColumn& column = rows.columns[rows.key_size + i];
    sets += (sets.empty() ? "" : ", ") + quote_ident(column.name) + " = " +
            value_sql(column, wanted[i]);
    shown_changes += (shown_changes.empty() ? "" : ", ") + column.name + " " +
                     value_sql(column, now[i]) + " -> " + value_sql(column, wanted[i]);
  }
  if (sets.empty()) return std::nullopt;
  Change c = row_change(rows, key, '~',
                        "UPDATE " + quote_ident(rows.table) + " SET " + sets + " WHERE " +
                            row_where_clause(rows, key) + ";");
  c.summary += ": " + shown_changes;
  return c;
}

Change delete_row(const TableRows& rows, const RowValues& key) {
  Change c = row_change(
      rows, key, '-',
      "DELETE FROM " + quote_ident(rows.table) + " WHERE " + row_where_clause(rows, key) + ";");
  c.hazards.push_back({hazard::data_loss, "deletes " + c.object +
                                              ": the table's data is in sync mode and does "
                                              "not declare this row"});
  return c;
}

void row_upserts(const RowsToCompare& t, std::vector<Change>& out) {
  for (const auto& key : keys_in_order(*t.desired)) {
    const RowValues& wanted = t.desired->rows.at(key);
    const auto now = t.current->rows.find(key);
    if (now == t.current->rows.end()) {
      out.push_back(insert_row(*t.desired, key, wanted));
    } else if (auto c = update_row(*t.desired, key, now->second, wanted)) {
      out.push_back(std::move(*c));
    }
  }
}

void row_deletes(const RowsToCompare& t, std::vector<Change>& out) {
  if (t.mode != DataMode::sync) return;
  auto keys = keys_in_order(*t.current);
  std::reverse(keys.begin(), keys.end());
  for (const auto& key : keys)
    if (!t.desired->rows.count(key)) out.push_back(delete_row(*t.current, key));
}

}  // namespace

std::string value_sql(const RowColumn& column, const std::optional<std::string>& value) {
  if (!value) return "NULL";
  if (column.bare && (plain_number_text(*value) || *value == "true" || *value == "false"))
    return *value;
  return quote_literal(*value);
}

std::string describe_key(const TableRows& rows, const RowValues& key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i)
    out += (i ? ", " : "") + rows.columns[i].name + "=" + value_sql(rows.columns[i], key[i]);
  return out;
}

std::vector<std::string> tables_in_reference_order(const Catalog& schema,
                                                   const std::vector<std::string>& tables) {
  std::vector<std::string> names = tables;
  std::sort(names.begin(), names.end());
  const std::set<std::string> wanted(names.begin(), names.end());
  std::map<std::string, int> state;
  std::vector<std::string> out;
  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    if (state[name] != 0) return;  // done, or a cycle: name order
    state[name] = 1;
    const auto table = schema.tables.find(name);
    if (table != schema.tables.end()) {
      std::set<std::string> referenced;
      for (const auto& c : table->second.constraints)
        if (c.kind == ConstraintKind::foreign_key &&
            (c.references.schema.empty() || c.references.schema == schema.schema) &&
            wanted.count(c.references.table) && c.references.table != name)
          referenced.insert(c.references.table);
      for (const auto& other : referenced) visit(other);
    }
    state[name] = 2;
    out.push_back(name);
  };
  for (const auto& name : names) visit(name);
  return out;
}

std::vector<Change> diff_rows(const Catalog& schema,
                              const std::map<std::string, RowsToCompare>& tables) {
  std::vector<std::string> names;
  for (const auto& [name, _] : tables) names.push_back(name);
  const auto ordered = tables_in_reference_order(schema, names);
  std::vector<Change> out;
  for (const auto& name : ordered) row_upserts(tables.at(name), out);
  for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) row_deletes(tables.at(*it), out);
  return out;
}

}  // namespace recon::diff
