#include "declare/names.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_set>

#include "catalog/identifier.hpp"

namespace recon::declare {

std::vector<std::string> sorted_unique(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}
std::string_view truncated(std::string_view name) {
  return truncated_identifier(name);
}

bool check_name(std::string_view name, std::string_view what, const SourceLocation& where,
                Diagnostics& diagnostics) {
  if (name.empty()) {
    diagnostics.error(where, std::string(what) + " is empty");
    return false;
  }
  // Reported once for the whole file, where the TOML is read (see document.cpp).
  if (name.find('\0') != std::string_view::npos) return false;
  if (name.size() > max_identifier_bytes) {
    // A name of megabytes is shown by its start: the message must stay readable.
    const std::string shown = name.size() > 2 * max_identifier_bytes
                                  ? std::string(truncated(name)) + "..."
                                  : std::string(name);
    diagnostics.error(where, std::string(what) + " '" + shown + "' is " +
                                 std::to_string(name.size()) +
                                 " bytes long: Postgres truncates names to 63 bytes ('" +
                                 std::string(truncated(name)) + "')");
  }
  return true;
}

void Namespace::add(std::string_view name, std::string description, SourceLocation where,
                    bool shared) {
  entries_.push_back({std::string(name), std::move(description), std::move(where), shared});
}

void Namespace::report(std::string_view why, Diagnostics& diagnostics) {
  // Most names are distinct: find the colliding ones with one hash pass, and sort only those.
  std::unordered_map<std::string_view, const Entry*> first;
  std::unordered_set<std::string_view> colliding;
  first.reserve(entries_.size());
  for (const Entry& entry : entries_) {
    if (entry.name.empty()) continue;
    auto [it, inserted] = first.emplace(truncated(entry.name), &entry);
    if (!inserted) colliding.insert(it->first);
  }
  if (colliding.empty()) return;
  std::vector<const Entry*> involved;
  for (const Entry& entry : entries_) {
    if (!entry.name.empty() && colliding.contains(truncated(entry.name)))
      involved.push_back(&entry);
  }
  std::stable_sort(involved.begin(), involved.end(), [](const Entry* a, const Entry* b) {
    const std::string_view a_name = truncated(a->name);
    const std::string_view b_name = truncated(b->name);
    return std::tie(a_name, a->where.file, a->where.line, a->where.column) <
           std::tie(b_name, b->where.file, b->where.line, b->where.column);
  });
  const Entry* earliest = nullptr;
  for (const Entry* entry : involved) {
    if (!earliest || truncated(earliest->name) != truncated(entry->name))
      earliest = entry;
    else
      report_collision(*earliest, *entry, why, diagnostics);
  }
}

void Namespace::report_collision(const Entry& earlier, const Entry& entry, std::string_view why,
                                 Diagnostics& diagnostics) {
  if (earlier.shared && entry.shared) return;
  std::string message = entry.description + " has the same name as " + earlier.description + " (" +
                        describe(earlier.where) + ")";
  if (earlier.name != entry.name) message += " once Postgres truncates both to 63 bytes";
  if (!why.empty()) message += ": " + std::string(why);
  diagnostics.error(entry.where, std::move(message));
}

}  // namespace recon::declare
