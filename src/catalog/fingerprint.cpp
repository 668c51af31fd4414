#include "catalog/fingerprint.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include "catalog/canonical_text.hpp"

namespace recon {
namespace {

using nlohmann::json;

template <typename T>
void sort_by_name(std::vector<T>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const T& a, const T& b) { return a.name < b.name; });
}

template <typename T>
json optional_json(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json to_json(const SequenceOptions& o) {
  return {{"type", optional_json(o.data_type)},      {"start", optional_json(o.start)},
          {"increment", optional_json(o.increment)}, {"min", optional_json(o.min_value)},
          {"max", optional_json(o.max_value)},       {"cache", optional_json(o.cache)},
          {"cycle", optional_json(o.cycle)}};
}

json to_json(const Column& c) {
  json j = {{"name", c.name},
            {"type", c.type},
            {"not_null", c.not_null},
            {"default", optional_json(c.default_expr)},
            {"generated", optional_json(c.generated)},
            {"collation", optional_json(c.collation)},
            {"comment", optional_json(c.comment)}};
  if (c.identity != Identity::none) {
    j["identity"] = {{"kind", identity_kind_name(c.identity)},
                     {"options", to_json(c.identity_options)}};
  }
  return j;
}

json to_json(const Constraint& c) {
  json j = {{"name", c.name},
            {"kind", constraint_kind_name(c.kind)},
            {"deferrable", c.deferrable},
            {"initially_deferred", c.initially_deferred},
            {"not_valid", c.not_valid},
            {"comment", optional_json(c.comment)}};
  switch (c.kind) {
    case ConstraintKind::primary_key:
    case ConstraintKind::unique:
      j["columns"] = c.columns;
      j["include"] = c.include;
      j["nulls_not_distinct"] = c.nulls_not_distinct;
      break;
    case ConstraintKind::foreign_key:
      j["columns"] = c.columns;
      j["references"] = {{"schema", c.references.schema},
                         {"table", c.references.table},
                         {"columns", c.references.columns}};
      j["on_delete"] = c.on_delete;
      j["on_update"] = c.on_update;
      j["match"] = c.match;
      break;
    case ConstraintKind::check:
      j["expression"] = c.expression;
      j["no_inherit"] = c.no_inherit;
      break;
    case ConstraintKind::exclude:
      j["expression"] = c.expression;
      break;
  }
  return j;
}

json to_json(const IndexKey& k) {
  return {{"column", k.column},
          {"expression", k.expression},
          {"collation", optional_json(k.collation)},
          {"opclass", optional_json(k.opclass)},
          {"descending", k.descending},
          {"nulls_first", k.nulls_first}};
}

json to_json(const Index& i) {
  json keys = json::array();
  for (const auto& k : i.keys) keys.push_back(to_json(k));
  return {{"name", i.name},
          {"method", i.method},
          {"unique", i.unique},
          {"nulls_not_distinct", i.nulls_not_distinct},
          {"keys", keys},
          {"include", i.include},
          {"where", optional_json(i.where)},
          {"comment", optional_json(i.comment)}};
}

json to_json(const DomainCheck& c);

template <typename T>
json array_of(const std::vector<T>& items) {
  json out = json::array();
  for (const auto& item : items) out.push_back(to_json(item));
  return out;
}

json to_json(const Table& t) {
  return {{"name", t.name},
          {"columns", array_of(t.columns)},
          {"constraints", array_of(t.constraints)},
          {"indexes", array_of(t.indexes)},
          {"unlogged", t.unlogged},
          {"comment", optional_json(t.comment)},
          {"partition_by", optional_json(t.partition_by)},
          {"partition_of", optional_json(t.partition_of)},
          {"partition_bound", optional_json(t.partition_bound)}};
}

json to_json(const EnumType& e) {
  return {{"name", e.name}, {"values", e.values}, {"comment", optional_json(e.comment)}};
}

json to_json(const DomainCheck& c) {
  return {{"name", c.name}, {"expression", c.expression}, {"not_valid", c.not_valid}};
}

json to_json(const Domain& d) {
  return {{"name", d.name},
          {"base_type", d.base_type},
          {"not_null", d.not_null},
          {"default", optional_json(d.default_expr)},
          {"collation", optional_json(d.collation)},
          {"checks", array_of(d.checks)},
          {"comment", optional_json(d.comment)}};
}

json to_json(const Sequence& s) {
  return {{"name", s.name},
          {"options", to_json(s.options)},
          {"owned_by", optional_json(s.owned_by)},
          {"comment", optional_json(s.comment)}};
}

json to_json(const View& v) {
  return {{"name", v.name},
          {"definition", v.definition},
          {"materialized", v.materialized},
          {"indexes", array_of(v.indexes)},
          {"comment", optional_json(v.comment)}};
}

template <typename T>
json map_of(const std::map<std::string, T>& items) {
  json out = json::object();
  for (const auto& [name, item] : items) out[name] = to_json(item);
  return out;
}

}  // namespace

void canonicalize(Catalog& catalog) {
  for (auto& [name, table] : catalog.tables) {
    sort_by_name(table.constraints);
    sort_by_name(table.indexes);
  }
  for (auto& [name, domain] : catalog.domains) sort_by_name(domain.checks);
  for (auto& [name, view] : catalog.views) {
    sort_by_name(view.indexes);
    std::sort(view.depends_on.begin(), view.depends_on.end());
    view.depends_on.erase(std::unique(view.depends_on.begin(), view.depends_on.end()),
                          view.depends_on.end());
    std::sort(view.uses_unmanaged.begin(), view.uses_unmanaged.end());
  }
  std::sort(catalog.ignored.begin(), catalog.ignored.end());
  std::sort(catalog.extensions.begin(), catalog.extensions.end());
  std::sort(catalog.unsupported.begin(), catalog.unsupported.end());
}

json canonical_json(const Catalog& input) {
  Catalog catalog = input;
  canonicalize(catalog);
  json out = {{"schema_comment", optional_json(catalog.schema_comment)},
              {"tables", map_of(catalog.tables)},
              {"enums", map_of(catalog.enums)},
              {"domains", map_of(catalog.domains)},
              {"sequences", map_of(catalog.sequences)},
              {"views", map_of(catalog.views)}};
  // Only when there are some: fingerprints of schemas without extensions stay what they were.
  if (!catalog.extensions.empty()) out["extensions"] = catalog.extensions;
  return out;
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
