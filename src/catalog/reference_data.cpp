#include "catalog/reference_data.hpp"

#include <algorithm>

namespace recon {
namespace {

bool integer_key_text(const std::optional<std::string>& v) {
  if (!v || v->empty()) return false;
  const std::size_t from = (*v)[0] == '-' ? 1 : 0;
  return from < v->size() && std::all_of(v->begin() + static_cast<std::ptrdiff_t>(from), v->end(),
                                         [](char c) { return c >= '0' && c <= '9'; });
}

// Integer keys in numeric order (2 before 10), the rest as text; NULL first.
bool key_before(const RowValues& a, const RowValues& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (!a[i] || !b[i]) return !a[i];
    if (integer_key_text(a[i]) && integer_key_text(b[i])) {
      const bool a_negative = (*a[i])[0] == '-';
      const bool b_negative = (*b[i])[0] == '-';
      if (a_negative != b_negative) return a_negative;
      const bool shorter =
          a[i]->size() != b[i]->size() ? a[i]->size() < b[i]->size() : *a[i] < *b[i];
      return a_negative ? !shorter : shorter;
    }
    return *a[i] < *b[i];
  }
  return a.size() < b.size();
}

}  // namespace

std::vector<RowValues> keys_in_order(const TableRows& rows) {
  std::vector<RowValues> keys;
  for (const auto& [key, _] : rows.rows) keys.push_back(key);
  std::sort(keys.begin(), keys.end(), key_before);
  return keys;
}

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
