// Equality of two catalog records as their serialized forms see them: every field of
// fields.hpp but the hints (source locations, rename hints), so that a record written at
// another line, or with another rename hint, is the same object. Derived from the field
// lists, so that a new field takes part without being named here.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <type_traits>
#include <vector>

#include "catalog/fields.hpp"

namespace recon {

template <Record T>
bool same_fields(const T& a, const T& b);

namespace same_fields_detail {

template <typename T>
bool same_value(const T& a, const T& b);

template <typename T>
bool same_value(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_value(a[i], b[i])) return false;
  return true;
}

template <typename T>
bool same_value(const std::optional<T>& a, const std::optional<T>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || same_value(*a, *b);
}

template <typename K, typename T>
bool same_value(const std::map<K, T>& a, const std::map<K, T>& b) {
  if (a.size() != b.size()) return false;
  for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y)
    if (x->first != y->first || !same_value(x->second, y->second)) return false;
  return true;
}

template <typename T>
bool same_value(const T& a, const T& b) {
  if constexpr (Record<const T>)
    return same_fields(a, b);
  else
    return a == b;
}

// More than any record of catalog.hpp has.
inline constexpr std::size_t kMaxFields = 48;

}  // namespace same_fields_detail

template <Record T>
bool same_fields(const T& a, const T& b) {
  // The field lists visit the fields of any two records of a type in the same order: b's are
  // taken first, then each of a's compared with its counterpart.
  std::array<const void*, same_fields_detail::kMaxFields> of_b{};
  std::size_t count = 0;
  visit_serialized(b, [&](const char*, const auto& field, Use) { of_b.at(count++) = &field; });
  std::size_t i = 0;
  bool same = true;
  visit_serialized(a, [&](const char*, const auto& field, Use) {
    using Field = std::remove_cvref_t<decltype(field)>;
    if (same) same = same_fields_detail::same_value(field, *static_cast<const Field*>(of_b[i]));
    ++i;
  });
  return same;
}

}  // namespace recon
