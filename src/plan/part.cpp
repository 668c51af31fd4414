#include "plan/part.hpp"

#include <algorithm>
#include <cctype>

#include "catalog/ddl.hpp"
#include "catalog/same_fields.hpp"

namespace recon::plan {
namespace {

bool word_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

std::string lowered(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Whether `word` occurs in `text` not as part of a longer word. Both lowered: an unquoted name
// in a body is folded to lower case, and a false match only costs time.
bool names_word(const std::string& text, const std::string& word) {
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || !word_character(text[at - 1]);
    const auto after = at + word.size();
    if (starts && (after == text.size() || !word_character(text[after]))) return true;
  }
  return false;
}

template <typename T, typename Same>
bool same_list(const std::vector<T>& a, const std::vector<T>& b, Same same) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), same);
}

bool partitioned(const Table& t) {
  return t.partition_by || t.partition_of;
}

}  // namespace

Table stand_in(const Table& t) {
  Table s;
  s.name = t.name;
  for (const auto& c : t.columns) {
    Column column;
    column.name = c.name;
    column.type = c.type;
    column.not_null = c.not_null;
    column.collation = c.collation;
    s.columns.push_back(std::move(column));
  }
  for (const auto& c : t.constraints) {
    if (c.kind != ConstraintKind::primary_key && c.kind != ConstraintKind::unique) continue;
    Constraint key = c;
    key.comment.reset();
    key.where = {};
    s.constraints.push_back(std::move(key));
  }
  return s;
}

namespace {

std::optional<std::string> owner_table(const std::string& owned_by, const Catalog& part) {
  for (const auto& [name, table] : part.tables) {
    if (owned_by.size() > name.size() && owned_by.compare(0, name.size(), name) == 0 &&
        owned_by[name.size()] == '.')
      return name;
  }
  return std::nullopt;
}

// The tables whose row types the routines' signatures may name (RETURNS SETOF users, an
// argument of type users), added to `wanted` unless in the part; false when a view's may be
// named, which a stand-in cannot give. A declared signature holds argument names, modes and
// defaults too: any word that is a table's name counts, as a stand-in too many costs little.
bool add_row_types_of_routines(const Catalog& catalog, const Catalog& part,
                               std::set<std::string>& wanted) {
  std::string signatures;
  for (const auto& [key, routine] : part.routines)
    signatures += lowered(routine.arguments) + " " + lowered(routine.returns) + "\n";
  if (signatures.empty()) return true;
  for (const auto& [name, view] : catalog.views)
    if (names_word(signatures, lowered(name))) return false;
  for (const auto& [name, table] : catalog.tables)
    if (!part.tables.count(name) && names_word(signatures, lowered(name))) wanted.insert(name);
  return true;
}

}  // namespace

bool same_table(const Table& a, const Table& b) {
  return same_fields(a, b);
}

bool same_view(const View& a, const View& b) {
  return same_fields(a, b);
}

std::optional<Part> part_of(const Catalog& catalog, const std::set<std::string>& tables,
                            const Catalog& others) {
  Part part;
  Catalog& c = part.catalog;
  c.schema = catalog.schema;
  c.schema_exists = catalog.schema_exists;
  c.schema_comment = catalog.schema_comment;
  c.enums = catalog.enums;
  c.domains = catalog.domains;
  c.composites = catalog.composites;
  c.ranges = catalog.ranges;
  c.sequences = catalog.sequences;
  c.extensions = catalog.extensions;
  c.ignored = catalog.ignored;
  c.collations = catalog.collations;
  c.routines = catalog.routines;
  c.aggregates = catalog.aggregates;
  for (const auto& name : tables) {
    const auto found = catalog.tables.find(name);
    if (found == catalog.tables.end()) continue;  // absent on this side
    if (partitioned(found->second)) return std::nullopt;
    c.tables.emplace(name, found->second);
  }
  std::set<std::string> wanted;
  for (const auto& [name, table] : c.tables)
    for (const auto& k : table.constraints)
      if (k.kind == ConstraintKind::foreign_key && k.references.schema.empty() &&
          !c.tables.count(k.references.table))
        wanted.insert(k.references.table);
  if (!add_row_types_of_routines(catalog, c, wanted)) return std::nullopt;
  for (const auto& name : wanted) {
    const auto found = others.tables.find(name);
    if (found == others.tables.end() || partitioned(found->second)) return std::nullopt;
    c.tables.emplace(name, stand_in(found->second));
    part.stand_ins.insert(name);
  }
  for (auto& [name, sequence] : c.sequences) {
    if (!sequence.owned_by || owner_table(*sequence.owned_by, c)) continue;
    part.owners_cut.emplace(name, *sequence.owned_by);
    sequence.owned_by.reset();
  }
  return part;
}

namespace {

std::vector<Constraint> keys_of(const Table& t) {
  std::vector<Constraint> keys;
  for (const auto& c : t.constraints)
    if (c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique)
      keys.push_back(c);
  return keys;
}

const Column* column_of(const Table& t, const std::string& name) {
  for (const auto& c : t.columns)
    if (c.name == name) return &c;
  return nullptr;
}

void add_referenced_columns(const Catalog& catalog,
                            std::map<std::string, std::set<std::string>>& out) {
  for (const auto& [name, table] : catalog.tables)
    for (const auto& k : table.constraints)
      if (k.kind == ConstraintKind::foreign_key && k.references.schema.empty())
        out[k.references.table].insert(k.references.columns.begin(), k.references.columns.end());
}

}  // namespace

std::set<std::string> with_changed_keys(const Catalog& before, const Catalog& after,
                                        const std::set<std::string>& tables) {
  std::map<std::string, std::set<std::string>> referenced;
  add_referenced_columns(before, referenced);
  add_referenced_columns(after, referenced);
  std::set<std::string> out;
  for (const auto& name : tables) {
    const auto a = before.tables.find(name);
    const auto b = after.tables.find(name);
    if (a == before.tables.end() || b == after.tables.end() ||
        !same_list(keys_of(a->second), keys_of(b->second), same_fields<Constraint>)) {
      out.insert(name);
      continue;
    }
    for (const auto& column : referenced[name]) {
      const Column* x = column_of(a->second, column);
      const Column* y = column_of(b->second, column);
      if (!x || !y || !same_fields(*x, *y)) out.insert(name);
    }
  }
  return out;
}

std::set<std::string> referencing(const Catalog& catalog, const std::set<std::string>& tables) {
  std::set<std::string> out;
  for (const auto& [name, table] : catalog.tables)
    for (const auto& k : table.constraints)
      if (k.kind == ConstraintKind::foreign_key && k.references.schema.empty() &&
          tables.count(k.references.table))
        out.insert(name);
  return out;
}

bool read_by_views(const Catalog& catalog, const std::set<std::string>& tables) {
  for (const auto& [name, view] : catalog.views)
    for (const auto& d : view.depends_on)
      if (d.schema.empty() && tables.count(d.relation)) return true;
  return false;
}

bool policies_read_other_relations(const Catalog& catalog) {
  for (const auto& [name, table] : catalog.tables)
    for (const auto& policy : table.policies)
      for (const auto& d : policy.depends_on)
        if (!d.schema.empty() || d.relation != name) return true;
  return false;
}

bool has_standard_bodies(const Catalog& catalog) {
  return std::any_of(catalog.routines.begin(), catalog.routines.end(),
                     [](const auto& entry) { return ddl::has_standard_body(entry.second); });
}

bool named_by_routines(const Catalog& catalog, const std::set<std::string>& tables) {
  if (catalog.routines.empty() || tables.empty()) return false;
  std::vector<std::string> names;
  for (const auto& name : tables) names.push_back(lowered(name));
  for (const auto& [signature, routine] : catalog.routines) {
    const std::string body = lowered(routine.body);
    for (const auto& name : names)
      if (names_word(body, name)) return true;
  }
  return false;
}

}  // namespace recon::plan
