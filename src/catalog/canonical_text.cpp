#include "catalog/canonical_text.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

namespace recon {
namespace {

// The objects of canonical_json are nlohmann objects (std::map): dump() prints their keys in
// byte order. Each writer below lists its keys in that order; Object checks it in debug builds.
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

  void value(const std::string& s) { string(s); }
  void value(bool b) { boolean(b); }
  void value(std::int64_t n) { number(n); }
  template <typename T>
  void value(const std::optional<T>& o) {
    if (o) {
      value(*o);
    } else {
      null();
    }
  }
  void value(const std::vector<std::string>& items) {
    raw('[');
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) raw(',');
      string(items[i]);
    }
    raw(']');
  }

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

  // Writes "key": and leaves the value to the caller.
  Writer& key(const char* name) {
#ifndef NDEBUG
    if (last_ != nullptr && std::strcmp(last_, name) >= 0) std::abort();  // keys out of order
    last_ = name;
#endif
    if (!first_) w_.raw(',');
    first_ = false;
    w_.raw('"');
    w_.raw(std::string_view(name));
    w_.raw("\":");
    return w_;
  }
  // A key that is not a literal (a map's key): written as a JSON string.
  Writer& key(const std::string& name) {
    if (!first_) w_.raw(',');
    first_ = false;
    w_.string(name);
    w_.raw(':');
    return w_;
  }
  template <typename T>
  void field(const char* name, const T& value) {
    key(name).value(value);
  }

 private:
  Writer& w_;
  bool first_ = true;
#ifndef NDEBUG
  const char* last_ = nullptr;
#endif
};

// The items in canonical order (stable by name), as pointers: the catalog is not copied.
template <typename T>
std::vector<const T*> by_name(const std::vector<T>& items) {
  std::vector<const T*> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(&item);
  const auto less = [](const T* a, const T* b) { return a->name < b->name; };
  if (!std::is_sorted(out.begin(), out.end(), less)) std::stable_sort(out.begin(), out.end(), less);
  return out;
}

template <typename T, typename F>
void array(Writer& w, const std::vector<T>& items, F&& write) {
  w.raw('[');
  bool first = true;
  for (const auto& item : items) {
    if (!first) w.raw(',');
    first = false;
    write(w, item);
  }
  w.raw(']');
}

void write(Writer& w, const SequenceOptions& o) {
  Object j(w);
  j.field("cache", o.cache);
  j.field("cycle", o.cycle);
  j.field("increment", o.increment);
  j.field("max", o.max_value);
  j.field("min", o.min_value);
  j.field("start", o.start);
  j.field("type", o.data_type);
}

void write(Writer& w, const Column& c) {
  Object j(w);
  j.field("collation", c.collation);
  j.field("comment", c.comment);
  j.field("default", c.default_expr);
  j.field("generated", c.generated);
  if (c.identity != Identity::none) {
    Object identity(j.key("identity"));
    identity.key("kind").string(identity_kind_name(c.identity));
    write(identity.key("options"), c.identity_options);
  }
  j.field("name", c.name);
  j.field("not_null", c.not_null);
  j.field("type", c.type);
}

void write(Writer& w, const Constraint& c) {
  const bool key = c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique;
  const bool fk = c.kind == ConstraintKind::foreign_key;
  const bool expression = c.kind == ConstraintKind::check || c.kind == ConstraintKind::exclude;
  Object j(w);
  if (key || fk) j.field("columns", c.columns);
  j.field("comment", c.comment);
  j.field("deferrable", c.deferrable);
  if (expression) j.field("expression", c.expression);
  if (key) j.field("include", c.include);
  j.field("initially_deferred", c.initially_deferred);
  j.key("kind").string(constraint_kind_name(c.kind));
  if (fk) j.field("match", c.match);
  j.field("name", c.name);
  if (c.kind == ConstraintKind::check) j.field("no_inherit", c.no_inherit);
  j.field("not_valid", c.not_valid);
  if (key) j.field("nulls_not_distinct", c.nulls_not_distinct);
  if (fk) {
    j.field("on_delete", c.on_delete);
    j.field("on_update", c.on_update);
    Object references(j.key("references"));
    references.field("columns", c.references.columns);
    references.field("schema", c.references.schema);
    references.field("table", c.references.table);
  }
}

void write(Writer& w, const IndexKey& k) {
  Object j(w);
  j.field("collation", k.collation);
  j.field("column", k.column);
  j.field("descending", k.descending);
  j.field("expression", k.expression);
  j.field("nulls_first", k.nulls_first);
  j.field("opclass", k.opclass);
}

void write(Writer& w, const Index& i) {
  Object j(w);
  j.field("comment", i.comment);
  j.field("include", i.include);
  array(j.key("keys"), i.keys, [](Writer& out, const IndexKey& k) { write(out, k); });
  j.field("method", i.method);
  j.field("name", i.name);
  j.field("nulls_not_distinct", i.nulls_not_distinct);
  j.field("unique", i.unique);
  j.field("where", i.where);
}

template <typename T>
void sorted_array(Writer& w, const std::vector<T>& items) {
  array(w, by_name(items), [](Writer& out, const T* item) { write(out, *item); });
}

void write(Writer& w, const Table& t) {
  Object j(w);
  array(j.key("columns"), t.columns, [](Writer& out, const Column& c) { write(out, c); });
  j.field("comment", t.comment);
  sorted_array(j.key("constraints"), t.constraints);
  sorted_array(j.key("indexes"), t.indexes);
  j.field("name", t.name);
  j.field("partition_bound", t.partition_bound);
  j.field("partition_by", t.partition_by);
  j.field("partition_of", t.partition_of);
  j.field("unlogged", t.unlogged);
}

void write(Writer& w, const EnumType& e) {
  Object j(w);
  j.field("comment", e.comment);
  j.field("name", e.name);
  j.field("values", e.values);
}

void write(Writer& w, const DomainCheck& c) {
  Object j(w);
  j.field("expression", c.expression);
  j.field("name", c.name);
  j.field("not_valid", c.not_valid);
}

void write(Writer& w, const Domain& d) {
  Object j(w);
  j.field("base_type", d.base_type);
  sorted_array(j.key("checks"), d.checks);
  j.field("collation", d.collation);
  j.field("comment", d.comment);
  j.field("default", d.default_expr);
  j.field("name", d.name);
  j.field("not_null", d.not_null);
}

void write(Writer& w, const Sequence& s) {
  Object j(w);
  j.field("comment", s.comment);
  j.field("name", s.name);
  write(j.key("options"), s.options);
  j.field("owned_by", s.owned_by);
}

void write(Writer& w, const View& v) {
  Object j(w);
  j.field("comment", v.comment);
  j.field("definition", v.definition);
  sorted_array(j.key("indexes"), v.indexes);
  j.field("materialized", v.materialized);
  j.field("name", v.name);
}

// A std::map is in byte order of its keys, as a JSON object's keys are.
template <typename T>
void map_of(Writer& w, const std::map<std::string, T>& items) {
  Object j(w);
  for (const auto& [name, item] : items) write(j.key(name), item);
}

}  // namespace

const char* constraint_kind_name(ConstraintKind kind) {
  switch (kind) {
    case ConstraintKind::primary_key:
      return "primary key";
    case ConstraintKind::unique:
      return "unique";
    case ConstraintKind::foreign_key:
      return "foreign key";
    case ConstraintKind::check:
      return "check";
    case ConstraintKind::exclude:
      return "exclude";
  }
  return "?";
}

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
  {
    Object j(w);
    map_of(j.key("domains"), catalog.domains);
    map_of(j.key("enums"), catalog.enums);
    // Only when there are some: fingerprints of schemas without extensions stay what they were.
    if (!catalog.extensions.empty()) {
      std::vector<const std::string*> extensions;
      for (const auto& e : catalog.extensions) extensions.push_back(&e);
      std::sort(extensions.begin(), extensions.end(),
                [](const std::string* a, const std::string* b) { return *a < *b; });
      array(j.key("extensions"), extensions,
            [](Writer& out, const std::string* e) { out.string(*e); });
    }
    j.field("schema_comment", catalog.schema_comment);
    map_of(j.key("sequences"), catalog.sequences);
    map_of(j.key("tables"), catalog.tables);
    map_of(j.key("views"), catalog.views);
  }
  w.flush();
}

std::string canonical_text(const Catalog& catalog) {
  std::string out;
  write_canonical_text(catalog, [&](std::string_view piece) { out.append(piece); });
  return out;
}

}  // namespace recon
