#include "declare/reference_data.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "catalog/identifier.hpp"
#include "declare/keys.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

std::string toml_iso_text(const toml::node& value) {
  std::ostringstream out;
  if (const auto* date = value.as_date()) out << date->get();
  if (const auto* time = value.as_time()) out << time->get();
  if (const auto* stamp = value.as_date_time()) out << stamp->get();
  std::string text = out.str();
  std::replace(text.begin(), text.end(), 'T', ' ');
  return text;
}

std::string toml_float_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", value);
}

// An element of an array literal: quoted unless it is a number or a boolean.
bool array_literal_element(const toml::node& value, std::string& out, std::string& problem);

bool array_literal_text(const toml::array& array, std::string& out, std::string& problem) {
  out += '{';
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (i > 0) out += ',';
    if (!array_literal_element(*array.get(i), out, problem)) return false;
  }
  out += '}';
  return true;
}

bool array_literal_element(const toml::node& value, std::string& out, std::string& problem) {
  if (const auto* array = value.as_array()) return array_literal_text(*array, out, problem);
  std::string text;
  if (const auto* s = value.as_string()) {
    text = s->get();
  } else if (const auto* i = value.as_integer()) {
    out += std::to_string(i->get());
    return true;
  } else if (const auto* f = value.as_floating_point()) {
    text = toml_float_text(f->get());
  } else if (const auto* b = value.as_boolean()) {
    out += b->get() ? "true" : "false";
    return true;
  } else if (value.is_date() || value.is_time() || value.is_date_time()) {
    text = toml_iso_text(value);
  } else {
    problem = "an array element must be a string, a number, a boolean, a date or an array, not " +
              describe_type(value);
    return false;
  }
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return true;
}

// Compact: toml++ writes JSON indented over several lines, which a revision would show as is.
std::string toml_json_text(const toml::table& table) {
  std::ostringstream out;
  out << toml::json_formatter{table, toml::format_flags::none};
  return nlohmann::json::parse(out.str()).dump();
}

// What a column of `type` (as declared) accepts, by the TOML type of the value; empty when
// the value may fit (Postgres then decides).
std::string rule_problem(const std::string& type, const std::string& given) {
  const std::string t = normalize_keyword(type);
  const auto expect = [&](std::initializer_list<const char*> fits, const char* what) {
    for (const char* fit : fits)
      if (given == fit) return std::string();
    return std::string(what);
  };
  if (t.ends_with("[]")) return expect({"an array", "a string"}, "an array");
  if (is_integer_type(t) || t == "int" || t == "int2" || t == "int4" || t == "int8")
    return expect({"an integer"}, "an integer");
  if (t == "boolean" || t == "bool") return expect({"a boolean"}, "a boolean");
  if (t == "text" || t.starts_with("varchar") || t.starts_with("char") || t == "citext")
    return expect({"a string"}, "a string");
  if (t == "date") return expect({"a date", "a string"}, "a date");
  if (t.starts_with("numeric") || t.starts_with("decimal") || t == "real" ||
      t.starts_with("double") || t.starts_with("float"))
    return expect({"an integer", "a floating-point number", "a string"}, "a number");
  return "";
}

const Column* data_column(const Table& table, const std::string& name) {
  for (const auto& column : table.columns)
    if (column.name == name) return &column;
  return nullptr;
}

std::vector<std::string> data_column_names(const Table& table) {
  std::vector<std::string> names;
  for (const auto& column : table.columns) names.push_back(column.name);
  return names;
}

// Whether `key` (in any order) is the primary key, a unique constraint or a plain unique index
// of the table: what INSERT ... ON CONFLICT can find rows by. Deferrable keys cannot.
bool is_key_of(const Table& table, const std::vector<std::string>& key) {
  const std::set<std::string> wanted(key.begin(), key.end());
  const bool constraint =
      std::any_of(table.constraints.begin(), table.constraints.end(), [&](const Constraint& c) {
        return (c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique) &&
               !c.deferrable && std::set<std::string>(c.columns.begin(), c.columns.end()) == wanted;
      });
  return constraint ||
         std::any_of(table.indexes.begin(), table.indexes.end(), [&](const Index& index) {
           std::set<std::string> columns;
           for (const auto& k : index.keys) columns.insert(k.expression.empty() ? k.column : "");
           return index.unique && !index.where && !columns.count("") && columns == wanted;
         });
}

std::vector<std::string> primary_key_columns(const Table& table) {
  for (const auto& c : table.constraints)
    if (c.kind == ConstraintKind::primary_key) return c.columns;
  return {};
}

void check_data_key(const TableData& data, const Table& table, Diagnostics& diagnostics) {
  for (const auto& name : data.key)
    if (!data_column(table, name))
      diagnostics.error(data.key_where, "key column '" + name + "' of the data of table '" +
                                            table.name + "' is not a column of the table" +
                                            did_you_mean(name, data_column_names(table)));
  if (data.key.empty())
    diagnostics.error(data.where, "table '" + table.name +
                                      "' has no primary key: name a unique key of it with "
                                      "key = [\"column\", ...] in its data");
  else if (!is_key_of(table, data.key))
    diagnostics.error(data.key_where,
                      "the key of the data of table '" + table.name +
                          "' must be its primary key or one of its unique keys (not deferrable), "
                          "so that each row is found by it; add a unique key on these columns");
}

void check_data_value(const DeclaredValue& value, const Table& table, Diagnostics& diagnostics) {
  const Column* column = data_column(table, value.column);
  if (!column) {
    diagnostics.error(value.where, "table '" + table.name + "' has no column '" + value.column +
                                       "'" + did_you_mean(value.column, data_column_names(table)));
    return;
  }
  if (column->generated || column->identity == Identity::always)
    diagnostics.error(value.where, "column '" + table.name + "." + value.column + "' is " +
                                       (column->generated ? "generated" : "an identity always") +
                                       ": Postgres computes its value, leave it out of the rows");
  const std::string expected = rule_problem(column->type, value.toml_type);
  if (!expected.empty())
    diagnostics.error(value.where, "value of column '" + table.name + "." + value.column + "' (" +
                                       column->type + ") must be " + expected + ", not " +
                                       value.toml_type);
}

void check_data_rows(const TableData& data, const Table& table, Diagnostics& diagnostics) {
  std::map<std::vector<std::string>, SourceLocation> seen;
  for (const auto& row : data.rows) {
    for (const auto& value : row.values) check_data_value(value, table, diagnostics);
    std::vector<std::string> key;
    for (const auto& name : data.key) {
      const DeclaredValue* value = row.find(name);
      if (!value) {
        diagnostics.error(row.where, "a row of table '" + table.name + "' has no value for '" +
                                         name + "', a column of its key");
        key.clear();
        break;
      }
      key.push_back(value->literal);
    }
    if (key.empty()) continue;
    auto [first, inserted] = seen.emplace(key, row.where);
    if (!inserted)
      diagnostics.error(row.where, "a row of table '" + table.name +
                                       "' with the same key is declared at " +
                                       describe(first->second));
  }
}

}  // namespace

std::string sql_literal(const toml::node& value, std::string& problem) {
  if (const auto* s = value.as_string()) return quote_literal(s->get());
  if (const auto* i = value.as_integer()) return std::to_string(i->get());
  if (const auto* f = value.as_floating_point()) {
    const double d = f->get();
    return std::isfinite(d) ? toml_float_text(d) : quote_literal(toml_float_text(d));
  }
  if (const auto* b = value.as_boolean()) return b->get() ? "true" : "false";
  if (value.is_date() || value.is_time() || value.is_date_time())
    return quote_literal(toml_iso_text(value));
  if (const auto* table = value.as_table()) return quote_literal(toml_json_text(*table));
  if (const auto* array = value.as_array()) {
    std::string text;
    if (!array_literal_text(*array, text, problem)) return "";
    return quote_literal(text);
  }
  problem = "a value must be a string, a number, a boolean, a date, an array or a table";
  return "";
}

void read_table_data(const Fields& table, const std::string& name, Declaration& out) {
  const toml::node* node = table.get("data");
  if (!node) return;
  const toml::table* body = node->as_table();
  if (!body) {
    table.wrong_type("data", *node, "a table");
    return;
  }
  const Fields f(*body, "the data of table '" + name + "'", keys::data, table.file(),
                 table.diagnostics());
  TableData data;
  data.table = name;
  data.where = f.where();
  data.key_where = f.where("key");
  if (auto mode = f.choice("mode", {"upsert", "sync"}))
    data.mode = *mode == "sync" ? DataMode::sync : DataMode::upsert;
  if (auto key = f.strings("key"))
    for (const auto& column : *key) data.key.push_back(column.value);
  for_each_element(f, "rows", false, [&](const toml::node& element, std::size_t) {
    DeclaredRow row;
    row.where = f.at(element);
    for (auto&& [column, value] : *element.as_table()) {
      std::string problem;
      DeclaredValue declared{std::string(column.str()), sql_literal(value, problem), f.at(value),
                             describe_type(value)};
      if (!problem.empty())
        f.error(declared.where, "value of column '" + declared.column + "': " + problem);
      row.values.push_back(std::move(declared));
    }
    data.rows.push_back(std::move(row));
  });
  out.data.emplace(name, std::move(data));
}

void complete_reference_data(Declaration& declaration, Diagnostics& diagnostics) {
  for (auto& [name, data] : declaration.data) {
    const auto table = declaration.catalog.tables.find(name);
    if (table == declaration.catalog.tables.end()) continue;
    if (data.key.empty()) data.key = primary_key_columns(table->second);
    check_data_key(data, table->second, diagnostics);
    check_data_rows(data, table->second, diagnostics);
  }
}

}  // namespace recon::declare
