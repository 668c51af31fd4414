#include "declare/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace recon::declare {

void Diagnostics::error(SourceLocation where, std::string message) {
  items_.push_back({std::move(where), std::move(message)});
}

void Diagnostics::append(const std::vector<Diagnostic>& more) {
  items_.insert(items_.end(), more.begin(), more.end());
}

void Diagnostics::throw_if_any() {
  if (items_.empty()) return;
  auto key = [](const Diagnostic& d) {
    return std::tie(d.where.file, d.where.line, d.where.column, d.message);
  };
  std::stable_sort(items_.begin(), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  // The same problem can be found twice (e.g. through two references); say it once.
  items_.erase(
      std::unique(items_.begin(), items_.end(),
                  [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
      items_.end());
  throw InputError(std::move(items_));
}

SourceLocation location(const std::string& file, const toml::source_region& region) {
  return {file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string describe(const SourceLocation& where) {
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

std::string describe_type(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

}  // namespace recon::declare
