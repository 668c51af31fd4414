#include "plan/snapshot_codec.hpp"

#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <type_traits>
#include <vector>

#include "catalog/fields.hpp"

namespace recon::plan {
namespace {

// Unsigned numbers as LEB128, signed ones zigzagged first: small numbers take one byte.
class Writer {
 public:
  std::string bytes;

  void count(std::uint64_t n) {
    while (n >= 0x80) {
      bytes.push_back(static_cast<char>((n & 0x7f) | 0x80));
      n >>= 7;
    }
    bytes.push_back(static_cast<char>(n));
  }
  void put(bool b) { bytes.push_back(b ? 1 : 0); }
  void put(std::int64_t n) {
    count((static_cast<std::uint64_t>(n) << 1) ^ static_cast<std::uint64_t>(n >> 63));
  }
  void put(const std::string& s) {
    count(s.size());
    bytes += s;
  }
  template <typename E>
  requires std::is_enum_v<E>
  void put(E e) { count(static_cast<std::uint64_t>(e)); }
  template <typename T>
  void put(const std::optional<T>& o) {
    put(o.has_value());
    if (o) put(*o);
  }
  template <typename T>
  void put(const std::vector<T>& items) {
    count(items.size());
    for (const auto& item : items) put(item);
  }
  template <typename T>
  void put(const std::map<std::string, T>& items) {
    count(items.size());
    for (const auto& [key, item] : items) {
      put(key);
      put(item);
    }
  }
  template <Record T>
  void put(const T& record) {
    visit_serialized(record, [this](const char*, const auto& field, Use) { put(field); });
  }
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}

  bool done() const { return rest_.empty(); }

  std::uint64_t count() {
    std::uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(take(1)[0]);
      n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return n;
    }
    throw MalformedSnapshot("a number runs on");
  }
  // A count of items, each at least one byte: more than the bytes left cannot be right.
  std::size_t items() {
    const auto n = count();
    if (n > rest_.size()) throw MalformedSnapshot("a count beyond the end");
    return static_cast<std::size_t>(n);
  }
  void get(bool& b) {
    const char c = take(1)[0];
    if (c != 0 && c != 1) throw MalformedSnapshot("not a boolean");
    b = c == 1;
  }
  void get(std::int64_t& n) {
    const auto z = count();
    n = static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
  }
  void get(std::string& s) { s = take(items()); }
  void get(Identity& i) { i = enumerator<Identity>(Identity::by_default); }
  void get(ConstraintKind& k) { k = enumerator<ConstraintKind>(ConstraintKind::exclude); }
  template <typename T>
  void get(std::optional<T>& o) {
    bool present = false;
    get(present);
    if (!present) {
      o.reset();
      return;
    }
    o.emplace();
    get(*o);
  }
  template <typename T>
  void get(std::vector<T>& out) {
    const auto n = items();
    out.clear();  // no reserve: a damaged count must not allocate n tables up front
    for (std::size_t i = 0; i < n; ++i) get(out.emplace_back());
  }
  template <typename T>
  void get(std::map<std::string, T>& out) {
    const auto n = items();
    out.clear();
    for (std::size_t i = 0; i < n; ++i) {
      std::string key;
      get(key);
      // Keys were written in order: appending at the end keeps the insertion cheap.
      const auto at = out.emplace_hint(out.end(), std::move(key), T{});
      get(at->second);
    }
    if (out.size() != n) throw MalformedSnapshot("a name twice");
  }
  template <Record T>
  void get(T& record) {
    visit_serialized(record, [this](const char*, auto& field, Use) { get(field); });
  }

 private:
  std::string_view take(std::size_t n) {
    if (n > rest_.size()) throw MalformedSnapshot("cut short");
    const auto out = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return out;
  }
  template <typename E>
  E enumerator(E last) {
    const auto n = count();
    if (n > static_cast<std::uint64_t>(last)) throw MalformedSnapshot("an unknown kind");
    return static_cast<E>(n);
  }

  std::string_view rest_;
};

}  // namespace

namespace {
template <typename T>
std::string encode(const T& record) {
  Writer w;
  w.put(record);
  return std::move(w.bytes);
}
}  // namespace

std::string encode_catalog(const Catalog& catalog) {
  return encode(catalog);
}
std::string encode_table(const Table& table) {
  return encode(table);
}
std::string encode_view(const View& view) {
  return encode(view);
}
std::string encode_routine(const Routine& routine) {
  return encode(routine);
}
std::string encode_aggregate(const Aggregate& aggregate) {
  return encode(aggregate);
}

Catalog decode_catalog(std::string_view bytes) {
  Reader r(bytes);
  Catalog catalog;
  r.get(catalog);
  if (!r.done()) throw MalformedSnapshot("bytes left over");
  return catalog;
}

}  // namespace recon::plan
