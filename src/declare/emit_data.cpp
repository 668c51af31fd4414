#include "declare/emit_data.hpp"

#include <algorithm>

#include "declare/emit.hpp"

namespace recon::declare {
namespace {

bool integer_literal(const std::string& text) {
  const std::size_t from = !text.empty() && text[0] == '-' ? 1 : 0;
  return text.size() > from && text.size() - from <= 18 &&
         std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

std::string toml_value(const RowColumn& column, const std::string& text) {
  if (column.bare && (integer_literal(text) || text == "true" || text == "false")) return text;
  return toml_string(text);
}

}  // namespace

std::string toml_key(const std::string& name) {
  const bool bare =
      !name.empty() &&
      name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") ==
          std::string::npos;
  return bare ? name : toml_string(name);
}

std::string emit_table_data(const TableRows& rows, DataMode mode) {
  std::string out = "[tables." + toml_key(rows.table) + ".data]\n";
  out += "mode = \"" + std::string(to_string(mode)) + "\"\nkey = [";
  for (std::size_t i = 0; i < rows.key_size; ++i)
    out += (i ? ", " : "") + toml_string(rows.columns[i].name);
  out += "]\nrows = [\n";
  for (const auto& key : keys_in_order(rows)) {
    const RowValues& rest = rows.rows.at(key);
    std::string row;
    for (std::size_t i = 0; i < rows.columns.size(); ++i) {
      const auto& value = i < rows.key_size ? key[i] : rest[i - rows.key_size];
      if (!value) continue;
      row += (row.empty() ? "" : ", ") + toml_key(rows.columns[i].name) + " = " +
             toml_value(rows.columns[i], *value);
    }
    out += "  { " + row + " },\n";
  }
  return out + "]\n";
}

}  // namespace recon::declare
