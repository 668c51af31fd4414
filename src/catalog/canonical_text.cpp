#include "catalog/canonical_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <concepts>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <type_traits>
#include <vector>

#include "catalog/constraint_kind.hpp"
#include "catalog/fields.hpp"

namespace recon {
namespace {

// The objects of canonical_json are nlohmann objects (std::map): dump() prints their keys in
// byte order. write_record sorts a record's keys into that order; Object checks it in debug
// builds.
class Writer {
 public:
  explicit Writer(const std::function<void(std::string_view)>& sink) : sink_(sink) {
    buffer_.reserve(kFlushAt + 4096);
  }

  void flush() {
    if (!buffer_.empty()) sink_(buffer_);
    buffer_.clear();
  }

  void raw(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= kFlushAt) flush();
  }
  void raw(char c) { buffer_.push_back(c); }

  // A JSON string as dump() writes it (ensure_ascii off, strict UTF-8).
  void string(std::string_view s) {
    bool plain = true;
    bool ascii = true;
    for (const char c : s) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte >= 0x80) {
        ascii = false;
        break;
      }
      if (byte < 0x20 || c == '"' || c == '\\') plain = false;
    }
    if (!ascii) {
      // Multi-byte UTF-8 (or invalid bytes): dump() itself, so that what it copies, and the
      // type_error 316 it throws for invalid UTF-8, stay exactly its own.
      raw(nlohmann::json(std::string(s)).dump());
      return;
    }
    raw('"');
    if (plain) {
      raw(s);
    } else {
      for (const char c : s) escaped(c);
    }
    raw('"');
  }

  void number(std::int64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    raw(std::string_view(digits, static_cast<std::size_t>(end - digits)));
  }

  void boolean(bool value) { raw(value ? "true" : "false"); }
  void null() { raw("null"); }

 private:
  static constexpr std::size_t kFlushAt = 1 << 16;

  void escaped(char c) {
    switch (c) {
      case '"':
        raw("\\\"");
        return;
      case '\\':
        raw("\\\\");
        return;
      case '\b':
        raw("\\b");
        return;
      case '\f':
        raw("\\f");
        return;
      case '\n':
        raw("\\n");
        return;
      case '\r':
        raw("\\r");
        return;
      case '\t':
        raw("\\t");
        return;
      default:
        break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20) {
      raw(c);
      return;
    }
    static constexpr char hex[] = "0123456789abcdef";
    const char code[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 0xf]};
    raw(std::string_view(code, sizeof code));
  }

  const std::function<void(std::string_view)>& sink_;
  std::string buffer_;
};

// One JSON object: {"key":value,...}, keys given in byte order.
class Object {
 public:
  explicit Object(Writer& w) : w_(w) { w_.raw('{'); }
  ~Object() { w_.raw('}'); }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  // Writes "key": for a field's key (plain ASCII, no escapes) and leaves the value to the caller.
  Writer& field_key(std::string_view name) {
#ifndef NDEBUG
    if (!first_ && last_ >= name) std::abort();  // keys out of order
    last_ = name;
#endif
    if (!first_) w_.raw(',');
    first_ = false;
    w_.raw('"');
    w_.raw(name);
    w_.raw("\":");
    return w_;
  }
  // A key that is not a field's (a map's key): written as a JSON string.
  Writer& key(const std::string& name) {
    if (!first_) w_.raw(',');
    first_ = false;
    w_.string(name);
    w_.raw(':');
    return w_;
  }

 private:
  Writer& w_;
  bool first_ = true;
#ifndef NDEBUG
  std::string_view last_;
#endif
};

// The items in canonical order (fields.hpp's sorts_before; a unique list without repeats), as
// pointers: the catalog is not copied.
template <typename T>
std::vector<const T*> in_order(const std::vector<T>& items, Order order) {
  std::vector<const T*> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(&item);
  if (order == Order::as_is) return out;
  const auto less = [](const T* a, const T* b) { return sorts_before(*a, *b); };
  if (!std::is_sorted(out.begin(), out.end(), less)) std::stable_sort(out.begin(), out.end(), less);
  if constexpr (std::equality_comparable<T>) {
    if (order == Order::unique)
      out.erase(
          std::unique(out.begin(), out.end(), [](const T* a, const T* b) { return *a == *b; }),
          out.end());
  }
  return out;
}

template <typename T>
void write_value(Writer& w, const T& value, Order order);

// One canonical field of a record: its key and its value, type-erased so that a record's
// fields can be sorted by key before they are written.
struct Entry {
  std::string_view key;
  const void* value = nullptr;
  void (*write)(Writer&, const void*, Order) = nullptr;
  Order order = Order::as_is;
};

template <typename T>
void write_erased(Writer& w, const void* value, Order order) {
  write_value(w, *static_cast<const T*>(value), order);
}

// Byte order of keys, where "a.b" sorts as key b inside object a.
bool key_less(std::string_view a, std::string_view b) {
  const auto a_head = a.substr(0, a.find('.')), b_head = b.substr(0, b.find('.'));
  if (a_head != b_head) return a_head < b_head;
  const auto rest = [](std::string_view k, std::size_t head) {
    return head < k.size() ? k.substr(head + 1) : std::string_view();
  };
  return rest(a, a_head.size()) < rest(b, b_head.size());
}

// Writes entries [begin, end) as one object; `skip` bytes of each key name the enclosing objects.
void write_entries(Writer& w, const Entry* begin, const Entry* end, std::size_t skip) {
  Object j(w);
  while (begin != end) {
    const auto key = begin->key.substr(skip);
    const auto dot = key.find('.');
    if (dot == std::string_view::npos) {
      begin->write(j.field_key(key), begin->value, begin->order);
      ++begin;
      continue;
    }
    const auto head = key.substr(0, dot + 1);
    const Entry* nested_end = begin;
    while (nested_end != end && nested_end->key.substr(skip).starts_with(head)) ++nested_end;
    write_entries(j.field_key(head.substr(0, dot)), begin, nested_end, skip + head.size());
    begin = nested_end;
  }
}

constexpr std::size_t kMaxFields = 24;

template <typename T>
void write_record(Writer& w, const T& record) {
  std::array<Entry, kMaxFields> entries;
  std::size_t n = 0;
  visit_serialized(record, [&](const char* name, const auto& field, Use use) {
    if (use.role != Role::canonical || !use.relevant) return;
    using Field = std::remove_cvref_t<decltype(field)>;
    entries.at(n++) = {use.key ? use.key : name, &field, &write_erased<Field>, use.order};
  });
  // A handful of fields: insertion sort, stable, without allocating.
  for (std::size_t i = 1; i < n; ++i)
    for (std::size_t k = i; k > 0 && key_less(entries[k].key, entries[k - 1].key); --k)
      std::swap(entries[k], entries[k - 1]);
  write_entries(w, entries.data(), entries.data() + n, 0);
}

template <typename T>
void write_value(Writer& w, const T& value, Order order) {
  if constexpr (std::is_same_v<T, std::string>) {
    w.string(value);
  } else if constexpr (std::is_same_v<T, bool>) {
    w.boolean(value);
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    w.number(value);
  } else if constexpr (std::is_same_v<T, ConstraintKind>) {
    w.string(words(value).canonical);
  } else if constexpr (std::is_same_v<T, Identity>) {
    w.string(identity_kind_name(value));
  } else if constexpr (IsOptional<T>::value) {
    if (value)
      write_value(w, *value, order);
    else
      w.null();
  } else if constexpr (IsVector<T>::value) {
    w.raw('[');
    bool first = true;
    for (const auto* item : in_order(value, order)) {
      if (!first) w.raw(',');
      first = false;
      write_value(w, *item, Order::as_is);
    }
    w.raw(']');
  } else if constexpr (IsMap<T>::value) {
    // A std::map is in byte order of its keys, as a JSON object's keys are.
    Object j(w);
    for (const auto& [name, item] : value) write_value(j.key(name), item, Order::as_is);
  } else {
    static_assert(Record<const T>, "a Catalog field of a type the canonical form cannot write");
    write_record(w, value);
  }
}

}  // namespace

const char* identity_kind_name(Identity identity) {
  switch (identity) {
    case Identity::always:
      return "always";
    case Identity::by_default:
      return "by default";
    case Identity::none:
      break;
  }
  return nullptr;
}

void write_canonical_text(const Catalog& catalog,
                          const std::function<void(std::string_view)>& sink) {
  Writer w(sink);
  write_record(w, catalog);
  w.flush();
}

std::string canonical_text(const Catalog& catalog) {
  std::string out;
  write_canonical_text(catalog, [&](std::string_view piece) { out.append(piece); });
  return out;
}

}  // namespace recon
