// Random catalogs with every field set or not, and names made of the characters that break
// encoders: shared by the tests of the fingerprint and of the snapshot's byte form.
#pragma once

#include <climits>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon::testing {

// Every ASCII control character, DEL, quotes, backslashes, multi-byte UTF-8 (2, 3 and 4 bytes),
// and letters whose byte order differs from a locale's (B < _ < a < z < Ä).
inline std::vector<std::string> pieces() {
  std::vector<std::string> out = {"a", "B", "z",    "_", " ",       "\"",       "\\",
                                  "/", "'", "\x7f", "é", "Ä",       "€",        "😀",
                                  "ß", "0", "{",    "}", "\\u0000", "\xc2\x80", "日本"};
  for (int c = 0; c < 0x20; ++c) out.emplace_back(1, static_cast<char>(c));
  return out;
}

class Generator {
 public:
  explicit Generator(unsigned seed) : random_(seed) {}

  std::string text(int max_pieces = 6) {
    static const auto all = pieces();
    std::string out;
    const int n = pick(0, max_pieces);
    for (int i = 0; i < n; ++i) out += all[pick(0, static_cast<int>(all.size()) - 1)];
    return out;
  }
  bool coin() { return pick(0, 1) == 1; }
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  std::optional<std::string> maybe_text() {
    return coin() ? std::optional<std::string>(text()) : std::nullopt;
  }
  std::optional<std::int64_t> maybe_number() {
    if (!coin()) return std::nullopt;
    static const std::int64_t values[] = {0, 1, -1, 42, INT64_MIN, INT64_MAX, 1000000000000};
    return values[pick(0, 6)];
  }
  std::vector<std::string> texts() {
    std::vector<std::string> out(static_cast<std::size_t>(pick(0, 3)));
    for (auto& t : out) t = text();
    return out;
  }

  SequenceOptions sequence_options() {
    SequenceOptions o;
    if (coin()) o.data_type = text();
    o.start = maybe_number();
    o.increment = maybe_number();
    o.min_value = maybe_number();
    o.max_value = maybe_number();
    o.cache = maybe_number();
    if (coin()) o.cycle = coin();
    return o;
  }

  Column column() {
    Column c;
    c.name = text();
    c.type = text();
    c.not_null = coin();
    c.default_expr = maybe_text();
    c.identity = static_cast<Identity>(pick(0, 2));
    c.identity_options = sequence_options();
    c.generated = maybe_text();
    c.collation = maybe_text();
    c.comment = maybe_text();
    c.renamed_from = texts();  // not canonical
    return c;
  }

  Constraint constraint() {
    Constraint c;
    c.name = text(2);  // short: names repeat, and the sort must stay stable
    c.kind = static_cast<ConstraintKind>(pick(0, 4));
    c.columns = texts();
    c.nulls_not_distinct = coin();
    c.include = texts();
    c.references = {text(), text(), texts()};
    c.on_delete = text();
    c.on_update = text();
    c.match = text();
    c.expression = text();
    c.no_inherit = coin();
    c.deferrable = coin();
    c.initially_deferred = coin();
    c.not_valid = coin();
    c.comment = maybe_text();
    return c;
  }

  Index index() {
    Index i;
    i.name = text(2);
    i.method = text();
    i.unique = coin();
    i.nulls_not_distinct = coin();
    for (int k = pick(0, 3); k > 0; --k)
      i.keys.push_back({text(), text(), maybe_text(), maybe_text(), coin(), coin()});
    i.include = texts();
    i.where = maybe_text();
    i.comment = maybe_text();
    return i;
  }

  Catalog catalog() {
    Catalog c;
    c.schema = text();
    c.schema_comment = maybe_text();
    for (int n = pick(0, 4); n > 0; --n) {
      Table t;
      t.name = text();
      for (int k = pick(0, 3); k > 0; --k) t.columns.push_back(column());
      for (int k = pick(0, 4); k > 0; --k) t.constraints.push_back(constraint());
      for (int k = pick(0, 3); k > 0; --k) t.indexes.push_back(index());
      t.unlogged = coin();
      t.comment = maybe_text();
      t.partition_by = maybe_text();
      t.partition_of = maybe_text();
      t.partition_bound = maybe_text();
      c.tables[text()] = std::move(t);  // the key need not be the name
    }
    for (int n = pick(0, 2); n > 0; --n) {
      EnumType e;
      e.name = text();
      e.values = texts();
      e.comment = maybe_text();
      c.enums[text()] = std::move(e);
    }
    for (int n = pick(0, 2); n > 0; --n) {
      Domain d;
      d.name = text();
      d.base_type = text();
      d.not_null = coin();
      d.default_expr = maybe_text();
      d.collation = maybe_text();
      for (int k = pick(0, 3); k > 0; --k) d.checks.push_back({text(2), text(), coin()});
      d.comment = maybe_text();
      c.domains[text()] = std::move(d);
    }
    for (int n = pick(0, 2); n > 0; --n) {
      Sequence s;
      s.name = text();
      s.options = sequence_options();
      s.owned_by = maybe_text();
      s.comment = maybe_text();
      c.sequences[text()] = std::move(s);
    }
    for (int n = pick(0, 2); n > 0; --n) {
      View v;
      v.name = text();
      v.definition = text();
      v.materialized = coin();
      for (int k = pick(0, 3); k > 0; --k) v.indexes.push_back(index());
      v.comment = maybe_text();
      v.depends_on = {{text(), text(), text()}};  // not canonical
      c.views[text()] = std::move(v);
    }
    if (coin()) c.extensions = texts();
    c.ignored = texts();
    return c;
  }

 private:
  std::mt19937 random_;
};

}  // namespace recon::testing
