#include "catalog/reference_data.hpp"

#include <algorithm>

namespace recon {

const char* to_string(DataMode mode) {
  return mode == DataMode::sync ? "sync" : "upsert";
}

const DeclaredValue* DeclaredRow::find(const std::string& column) const {
  auto it = std::find_if(values.begin(), values.end(),
                         [&](const DeclaredValue& v) { return v.column == column; });
  return it == values.end() ? nullptr : &*it;
}

std::vector<std::string> TableData::columns(const Table& table) const {
  std::vector<std::string> out = key;
  for (const auto& column : table.columns) {
    if (std::find(key.begin(), key.end(), column.name) != key.end()) continue;
    if (std::any_of(rows.begin(), rows.end(),
                    [&](const DeclaredRow& row) { return row.find(column.name) != nullptr; }))
      out.push_back(column.name);
  }
  return out;
}

}  // namespace recon
