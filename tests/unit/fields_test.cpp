// A new Catalog field is added in one place (catalog/fields.hpp). This test changes every field
// of a sample catalog in turn and checks that each serialized form notices exactly when it
// should: the canonical text (and so the fingerprint), the snapshot's byte form and the JSON
// form, which are written against fields.hpp, and the TOML that `recon inspect` writes, which is
// not. A field a serializer skips fails here, naming the field.

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "catalog/canonical_text.hpp"
#include "catalog/constraint_kind.hpp"
#include "catalog/fields.hpp"
#include "catalog/fingerprint.hpp"
#include "declare/emit.hpp"
#include "plan/snapshot.hpp"
#include "plan/snapshot_codec.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"

using namespace recon;

namespace {

template <typename T>
const char* struct_name() {
  if constexpr (std::is_same_v<T, Catalog>) return "Catalog";
  if constexpr (std::is_same_v<T, Table>) return "Table";
  if constexpr (std::is_same_v<T, Column>) return "Column";
  if constexpr (std::is_same_v<T, SequenceOptions>) return "SequenceOptions";
  if constexpr (std::is_same_v<T, Constraint>) return "Constraint";
  if constexpr (std::is_same_v<T, ForeignKeyTarget>) return "ForeignKeyTarget";
  if constexpr (std::is_same_v<T, Index>) return "Index";
  if constexpr (std::is_same_v<T, IndexKey>) return "IndexKey";
  if constexpr (std::is_same_v<T, EnumType>) return "EnumType";
  if constexpr (std::is_same_v<T, Domain>) return "Domain";
  if constexpr (std::is_same_v<T, DomainCheck>) return "DomainCheck";
  if constexpr (std::is_same_v<T, CompositeType>) return "CompositeType";
  if constexpr (std::is_same_v<T, CompositeAttribute>) return "CompositeAttribute";
  if constexpr (std::is_same_v<T, RangeType>) return "RangeType";
  if constexpr (std::is_same_v<T, Sequence>) return "Sequence";
  if constexpr (std::is_same_v<T, View>) return "View";
  if constexpr (std::is_same_v<T, ViewDependency>) return "ViewDependency";
  if constexpr (std::is_same_v<T, UnsupportedObject>) return "UnsupportedObject";
  if constexpr (std::is_same_v<T, Trigger>) return "Trigger";
  if constexpr (std::is_same_v<T, Policy>) return "Policy";
  if constexpr (std::is_same_v<T, Routine>) return "Routine";
  if constexpr (std::is_same_v<T, Aggregate>) return "Aggregate";
  if constexpr (std::is_same_v<T, Collation>) return "Collation";
  if constexpr (std::is_same_v<T, Grant>) return "Grant";
  if constexpr (std::is_same_v<T, DefaultPrivilege>) return "DefaultPrivilege";
  if constexpr (std::is_same_v<T, TextSearchDictionary>) return "TextSearchDictionary";
  if constexpr (std::is_same_v<T, TextSearchConfiguration>) return "TextSearchConfiguration";
  return "?";
}

// A value that differs from `value`.
template <typename T>
void change(T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    value += "x";
  } else if constexpr (std::is_same_v<T, bool>) {
    value = !value;
  } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, int>) {
    value ^= 1;  // not + 1: the sample holds INT64_MAX
  } else if constexpr (std::is_same_v<T, Identity>) {
    value = value == Identity::always ? Identity::by_default : Identity::always;
  } else if constexpr (std::is_same_v<T, ConstraintKind>) {
    value = value == ConstraintKind::exclude ? ConstraintKind::check : ConstraintKind::exclude;
  } else if constexpr (IsOptional<T>::value) {
    if (value)
      change(*value);
    else
      value.emplace();
  } else if constexpr (IsVector<T>::value) {
    value.emplace_back();
  } else if constexpr (IsMap<T>::value) {
    value.emplace("zz_added", typename T::mapped_type{});
  } else if constexpr (std::is_same_v<T, SourceLocation>) {
    value.line += 1;
  } else {
    static_assert(Record<T>, "a field of a type this test cannot change");
  }
}

// One field of the sample, where the walk found it.
struct Site {
  std::string path;   // tables[Order].constraints[2].deferrable
  std::string field;  // Constraint.deferrable
  std::string kind;   // the constraint's kind, for a constraint's field
  bool hint = false;
  Role role = Role::canonical;
  bool relevant = true;
};

// Walks every field of a catalog depth first, numbering them; changes field `target` when
// `apply` is set, and reports it.
class Walk {
 public:
  Walk(std::size_t target, bool apply) : target_(target), apply_(apply) {}

  std::optional<Site> found;
  std::size_t count = 0;

  void catalog(Catalog& c) { record(c, "", Role::canonical, true); }

 private:
  template <typename T>
  void record(T& r, const std::string& path, Role role, bool relevant) {
    std::string kind;
    if constexpr (std::is_same_v<T, Constraint>) kind = words(r.kind).canonical;
    visit_fields(r, [&](const char* name, auto& field, auto use) {
      Site site{path + (path.empty() ? "" : ".") + name, std::string(struct_name<T>()) + "." + name,
                kind};
      if constexpr (std::is_same_v<decltype(use), Hint>) {
        site.hint = true;
      } else {
        site.role = use.role == Role::stored ? Role::stored : role;
        site.relevant = relevant && use.relevant;
      }
      member(field, site);
    });
  }

  template <typename F>
  void member(F& field, const Site& site) {
    if constexpr (Record<F>) {
      record(field, site.path, site.role, site.relevant);  // its fields are the sites
      return;
    } else {
      if (count++ == target_) {
        if (apply_) change(field);
        found = site;
      }
      if (site.hint) return;
      if constexpr (IsVector<F>::value) {
        if constexpr (Record<typename F::value_type>) {
          for (std::size_t i = 0; i < field.size(); ++i)
            record(field[i], site.path + "[" + std::to_string(i) + "]", site.role, site.relevant);
        }
      } else if constexpr (IsMap<F>::value) {
        if constexpr (Record<typename F::mapped_type>) {
          for (auto& [key, item] : field)
            record(item, site.path + "[" + key + "]", site.role, site.relevant);
        }
      }
    }
  }

  std::size_t target_;
  bool apply_;
};

std::filesystem::path data_dir() {
  return recon::testing::source_root() / "tests" / "unit" / "data" / "fields";
}

Catalog sample() {
  return plan::catalog_from_json(
      nlohmann::json::parse(recon::testing::read_text(data_dir() / "sample_catalog.json")));
}

// Fields the TOML leaves out, one a line: "Struct.field", "Struct.field kind" (a constraint's) or
// a path in the sample, then two spaces and why.
std::set<std::string> not_in_toml() {
  std::set<std::string> out;
  std::istringstream lines(recon::testing::read_text(data_dir() / "not_in_toml.txt"));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    out.insert(line.substr(0, line.find("  ")));
  }
  return out;
}

struct Forms {
  std::string canonical, canonical_json, snapshot, json, toml;
};

Forms forms_of(const Catalog& c) {
  return {canonical_text(c), canonical_json(c).dump(), plan::encode_catalog(c),
          plan::catalog_to_json(c).dump(), declare::emit_toml(c)};
}

}  // namespace

TEST_CASE("every serialized form notices a change to every field it holds", "[fields]") {
  const Catalog original = sample();
  const Forms before = forms_of(original);
  REQUIRE(before.canonical == before.canonical_json);
  const auto toml_leaves_out = not_in_toml();
  std::set<std::string> exceptions_used;

  std::size_t sites = 0;
  for (std::size_t n = 0;; ++n) {
    Catalog changed = original;
    Walk walk(n, true);
    walk.catalog(changed);
    if (!walk.found) {
      sites = n;
      break;
    }
    Site site = *walk.found;
    // Relevant when the field counts before or after the change (a column given an identity).
    Walk after(n, false);
    after.catalog(changed);
    site.relevant = site.relevant || after.found->relevant;

    INFO(site.path << " (" << site.field << ")");
    const Forms now = forms_of(changed);
    const bool canonical = !site.hint && site.role == Role::canonical && site.relevant;
    CHECK((now.canonical != before.canonical) == canonical);
    CHECK((fingerprint(changed) != fingerprint(original)) == canonical);
    CHECK(now.canonical == now.canonical_json);
    CHECK((now.snapshot != before.snapshot) == !site.hint);
    CHECK(plan::encode_catalog(plan::decode_catalog(now.snapshot)) == now.snapshot);
    CHECK((now.json != before.json) == !site.hint);
    CHECK(plan::catalog_to_json(plan::catalog_from_json(nlohmann::json::parse(now.json))).dump() ==
          now.json);
    if (canonical) {
      bool left_out = false;
      for (const auto& name : {site.path, site.field, site.field + " " + site.kind}) {
        if (!toml_leaves_out.count(name)) continue;
        left_out = true;
        exceptions_used.insert(name);
      }
      CHECK((now.toml != before.toml) == !left_out);
    }
  }
  CHECK(sites > 150);
  // Every line of the data file names a field the walk found: none is stale.
  for (const auto& e : toml_leaves_out) {
    INFO(e);
    CHECK(exceptions_used.count(e) == 1);
  }
}

TEST_CASE("canonicalize sorts the lists fields.hpp marks as sets, and only those", "[fields]") {
  Catalog c;
  Table& t = c.tables["t"];
  t.columns = {{.name = "b"}, {.name = "a"}};
  Constraint x, y, first_a, second_a;
  x.name = "x";
  y.name = "y";
  first_a.name = second_a.name = "a";
  first_a.expression = "1";
  second_a.expression = "2";
  t.constraints = {y, first_a, x, second_a};
  View& v = c.views["v"];
  v.depends_on = {{"", "t", "b"}, {"", "t", "a"}, {"", "t", "b"}};
  v.uses_unmanaged = {"z()", "a()"};
  c.unsupported = {{"function", "f"}, {"aggregate", "f"}};
  c.extensions = {"pg_trgm", "btree_gist"};
  c.ignored = {"z", "a"};

  canonicalize(c);
  CHECK(t.columns[0].name == "b");  // a table's columns keep their order
  REQUIRE(t.constraints.size() == 4);
  CHECK(t.constraints[0].expression == "1");  // by name, stable
  CHECK(t.constraints[1].expression == "2");
  CHECK(t.constraints[2].name == "x");
  CHECK(v.depends_on == std::vector<ViewDependency>{{"", "t", "a"}, {"", "t", "b"}});
  CHECK(v.uses_unmanaged == std::vector<std::string>{"a()", "z()"});
  CHECK(c.unsupported == std::vector<UnsupportedObject>{{"aggregate", "f"}, {"function", "f"}});
  CHECK(c.extensions == std::vector<std::string>{"btree_gist", "pg_trgm"});
  CHECK(c.ignored == std::vector<std::string>{"a", "z"});
}
