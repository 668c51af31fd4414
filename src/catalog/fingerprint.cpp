#include "catalog/fingerprint.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <concepts>
#include <memory>
#include <stdexcept>
#include <type_traits>

#include "catalog/canonical_text.hpp"
#include "catalog/constraint_kind.hpp"
#include "catalog/fields.hpp"

namespace recon {
namespace {

using nlohmann::json;

template <typename T>
json canonical_value(const std::optional<T>& value);
template <typename T>
json canonical_value(const std::vector<T>& items);
template <typename T>
json canonical_value(const std::map<std::string, T>& items);

template <typename T>
json canonical_value(const T& value) {
  if constexpr (std::is_same_v<T, ConstraintKind>) {
    return words(value).canonical;
  } else if constexpr (std::is_same_v<T, Identity>) {
    return identity_kind_name(value);
  } else if constexpr (Record<const T>) {
    // Built independently of canonical_text.cpp's writer (nlohmann sorts the keys; the caller
    // has sorted the sets), so that the tests comparing the two check that writer.
    json out = json::object();
    visit_serialized(value, [&](const char* name, const auto& field, Use use) {
      if (use.role != Role::canonical || !use.relevant) return;
      std::string pointer = "/" + std::string(use.key ? use.key : name);
      std::replace(pointer.begin(), pointer.end(), '.', '/');
      out[json::json_pointer(pointer)] = canonical_value(field);
    });
    return out;
  } else {
    return value;
  }
}

template <typename T>
json canonical_value(const std::optional<T>& value) {
  return value ? canonical_value(*value) : json(nullptr);
}

template <typename T>
json canonical_value(const std::vector<T>& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(canonical_value(item));
  return out;
}

template <typename T>
json canonical_value(const std::map<std::string, T>& items) {
  json out = json::object();
  for (const auto& [name, item] : items) out[name] = canonical_value(item);
  return out;
}

}  // namespace

namespace {

template <typename T>
void canonicalize_value(T& value, Order order) {
  if constexpr (Record<T>) {
    visit_serialized(
        value, [](const char*, auto& field, Use use) { canonicalize_value(field, use.order); });
  } else if constexpr (IsVector<T>::value) {
    for (auto& item : value) canonicalize_value(item, Order::as_is);
    if (order == Order::as_is) return;
    using Item = typename T::value_type;
    std::stable_sort(value.begin(), value.end(), sorts_before<Item>);
    if constexpr (std::equality_comparable<Item>) {
      if (order == Order::unique) value.erase(std::unique(value.begin(), value.end()), value.end());
    }
  } else if constexpr (IsMap<T>::value) {
    for (auto& [name, item] : value) canonicalize_value(item, Order::as_is);
  }
}

}  // namespace

void canonicalize(Catalog& catalog) {
  canonicalize_value(catalog, Order::as_is);
}

json canonical_json(const Catalog& input) {
  Catalog catalog = input;
  canonicalize(catalog);
  return canonical_value(catalog);
}

namespace {

std::string hex_of(const unsigned char* digest, unsigned int length) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xf]);
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed (OpenSSL EVP_Digest)");
  }
  return hex_of(digest.data(), length);
}

// The canonical text streamed into the digest (canonical_text.hpp): the same bytes as
// canonical_json(catalog).dump(), without the copy, the tree or the whole text in memory.
std::string fingerprint(const Catalog& catalog) {
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL EVP_DigestInit_ex)");
  write_canonical_text(catalog, [&](std::string_view piece) {
    if (EVP_DigestUpdate(context.get(), piece.data(), piece.size()) != 1)
      throw std::runtime_error("SHA-256 failed (OpenSSL EVP_DigestUpdate)");
  });
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context.get(), digest.data(), &length) != 1)
    throw std::runtime_error("SHA-256 failed (OpenSSL EVP_DigestFinal_ex)");
  return "sha256:" + hex_of(digest.data(), length);
}

}  // namespace recon
