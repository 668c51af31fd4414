#include "plan/snapshot_codec.hpp"

#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <type_traits>
#include <vector>

namespace recon::plan {
namespace {

template <typename T, typename U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

// Each struct's fields, listed once for both directions; the same fields as the JSON form.
template <Is<SequenceOptions> T, typename F>
void fields(T& s, F&& f) {
  f(s.data_type, s.start, s.increment, s.min_value, s.max_value, s.cache, s.cycle);
}
template <Is<Column> T, typename F>
void fields(T& c, F&& f) {
  f(c.name, c.type, c.not_null, c.default_expr, c.identity, c.identity_options, c.generated,
    c.collation, c.comment);
}
template <Is<ForeignKeyTarget> T, typename F>
void fields(T& r, F&& f) {
  f(r.schema, r.table, r.columns);
}
template <Is<Constraint> T, typename F>
void fields(T& k, F&& f) {
  f(k.name, k.kind, k.columns, k.nulls_not_distinct, k.include, k.references, k.on_delete,
    k.on_update, k.match, k.expression, k.no_inherit, k.deferrable, k.initially_deferred,
    k.not_valid, k.comment);
}
template <Is<IndexKey> T, typename F>
void fields(T& k, F&& f) {
  f(k.column, k.expression, k.collation, k.opclass, k.descending, k.nulls_first);
}
template <Is<Index> T, typename F>
void fields(T& i, F&& f) {
  f(i.name, i.method, i.unique, i.nulls_not_distinct, i.keys, i.include, i.where, i.comment);
}
template <Is<Table> T, typename F>
void fields(T& t, F&& f) {
  f(t.name, t.columns, t.constraints, t.indexes, t.unlogged, t.comment, t.partition_by,
    t.partition_of, t.partition_bound);
}
template <Is<EnumType> T, typename F>
void fields(T& e, F&& f) {
  f(e.name, e.values, e.comment);
}
template <Is<DomainCheck> T, typename F>
void fields(T& c, F&& f) {
  f(c.name, c.expression, c.not_valid);
}
template <Is<Domain> T, typename F>
void fields(T& d, F&& f) {
  f(d.name, d.base_type, d.not_null, d.default_expr, d.collation, d.checks, d.comment);
}
template <Is<Sequence> T, typename F>
void fields(T& s, F&& f) {
  f(s.name, s.options, s.owned_by, s.comment);
}
template <Is<ViewDependency> T, typename F>
void fields(T& d, F&& f) {
  f(d.schema, d.relation, d.column);
}
template <Is<View> T, typename F>
void fields(T& v, F&& f) {
  f(v.name, v.definition, v.materialized, v.indexes, v.comment, v.depends_on, v.uses_unmanaged);
}
template <Is<UnsupportedObject> T, typename F>
void fields(T& u, F&& f) {
  f(u.kind, u.name);
}
template <Is<Catalog> T, typename F>
void fields(T& c, F&& f) {
  f(c.schema, c.schema_exists, c.schema_comment, c.tables, c.enums, c.domains, c.sequences, c.views,
    c.extensions, c.ignored, c.unsupported);
}

template <typename T>
concept Record = requires(T& t) {
  fields(t, [](auto&...) {});
};

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
    fields(record, [this](const auto&... field) { (put(field), ...); });
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
    fields(record, [this](auto&... field) { (get(field), ...); });
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

Catalog decode_catalog(std::string_view bytes) {
  Reader r(bytes);
  Catalog catalog;
  r.get(catalog);
  if (!r.done()) throw MalformedSnapshot("bytes left over");
  return catalog;
}

}  // namespace recon::plan
