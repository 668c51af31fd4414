// The fingerprint is written directly (canonical_text.hpp), and must stay byte for byte the
// SHA-256 of canonical_json(catalog).dump(): committed revision files carry fingerprints.

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <random>

#include "catalog/canonical_text.hpp"
#include "catalog/fingerprint.hpp"
#include "declare/declare.hpp"
#include "support/random_catalog.hpp"
#include "support/source_root.hpp"

using namespace recon;
using recon::testing::Generator;
using recon::testing::pieces;
namespace fs = std::filesystem;

namespace {

std::string reference_fingerprint(const Catalog& c) {
  return "sha256:" + sha256_hex(canonical_json(c).dump());
}

void check_same(const Catalog& c) {
  const std::string expected = canonical_json(c).dump();
  const std::string written = canonical_text(c);
  CHECK(written == expected);
  CHECK(fingerprint(c) == "sha256:" + sha256_hex(expected));
}

Column make_column(std::string name, std::string type, bool not_null = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}

IndexKey key(std::string column, std::string expression = {}) {
  IndexKey k;
  k.column = std::move(column);
  k.expression = std::move(expression);
  return k;
}

EnumType enum_type(std::string name, std::vector<std::string> values,
                   std::optional<std::string> comment) {
  EnumType e;
  e.name = std::move(name);
  e.values = std::move(values);
  e.comment = std::move(comment);
  return e;
}

// One of each kind of object, every optional set.
Catalog full_catalog() {
  Catalog c;
  c.schema = "shop";
  c.schema_comment = "the \"shop\"\n";
  Table t;
  t.name = "Order";
  Column id = make_column("id", "bigint", true);
  id.identity = Identity::by_default;
  id.identity_options = {"bigint", 1, 1, 1, INT64_MAX, 1, false};
  t.columns.push_back(id);
  Column total = make_column("total", "numeric(10,2)");
  total.default_expr = "0.00";
  total.collation = "C";
  total.generated = "(price * 2)";
  total.comment = "tab\there";
  t.columns.push_back(total);
  Constraint pk;
  pk.name = "order_pkey";
  pk.kind = ConstraintKind::primary_key;
  pk.columns = {"id"};
  pk.include = {"total"};
  Constraint fk;
  fk.name = "order_customer_fkey";
  fk.kind = ConstraintKind::foreign_key;
  fk.columns = {"customer_id"};
  fk.references = {"crm", "customers", {"id"}};
  fk.on_delete = "cascade";
  fk.deferrable = true;
  Constraint check;
  check.name = "a_check";
  check.expression = "total >= 0::numeric";
  check.not_valid = true;
  check.comment = "é";
  Constraint exclude;
  exclude.name = "b_excl";
  exclude.kind = ConstraintKind::exclude;
  exclude.expression = "EXCLUDE USING gist (id WITH =)";
  Constraint unique;
  unique.name = "c_key";
  unique.kind = ConstraintKind::unique;
  unique.columns = {"total"};
  unique.nulls_not_distinct = true;
  t.constraints = {pk, fk, check, exclude, unique};  // unsorted
  Index ix;
  ix.name = "order_total_idx";
  ix.keys = {key("total"), key("", "lower(x)")};
  ix.keys[0].collation = "C";
  ix.keys[0].opclass = "numeric_ops";
  ix.keys[0].descending = true;
  ix.keys[0].nulls_first = true;
  ix.where = "total > 0::numeric";
  ix.comment = "partial";
  Index hash;
  hash.name = "a_hash";
  hash.method = "hash";
  hash.keys = {key("id")};
  t.indexes = {ix, hash};
  t.comment = "orders";
  t.partition_by = "RANGE (id)";
  c.tables["Order"] = t;
  Table part;
  part.name = "order_1";
  part.partition_of = "Order";
  part.partition_bound = "FOR VALUES FROM (1) TO (100)";
  part.unlogged = true;
  c.tables["order_1"] = part;
  c.enums["state"] = enum_type("state", {"open", "done"}, "states");
  Domain d;
  d.name = "positive";
  d.base_type = "integer";
  d.not_null = true;
  d.default_expr = "1";
  d.collation = "C";
  d.checks = {{"z_check", "VALUE > 0"}, {"a_check", "VALUE < 100", true}};
  d.comment = "a domain";
  c.domains["positive"] = d;
  Sequence s;
  s.name = "order_seq";
  s.options = {"integer", 5, 2, 1, 1000, 10, true};
  s.owned_by = "Order.id";
  s.comment = "seq";
  c.sequences["order_seq"] = s;
  View v;
  v.name = "big_orders";
  v.definition = " SELECT id\n   FROM \"Order\";";
  v.materialized = true;
  v.indexes = {ix};
  v.comment = "view";
  c.views["big_orders"] = v;
  c.extensions = {"pg_trgm", "btree_gist"};
  return c;
}

fs::path schemas_dir() {
  return recon::testing::source_root() / "schemas";
}

}  // namespace

TEST_CASE("the written canonical text is canonical_json's dump, byte for byte", "[fingerprint]") {
  SECTION("empty") {
    check_same(Catalog{});
  }
  SECTION("every kind of object, every optional set") {
    check_same(full_catalog());
  }
  SECTION("the example projects") {
    REQUIRE(fs::is_directory(schemas_dir()));
    const auto projects = declare::load_projects(schemas_dir());
    REQUIRE(projects.size() >= 2);
    for (const auto& project : projects) {
      INFO(project.name);
      check_same(project.catalog);
    }
  }
  SECTION("every control character, DEL and multi-byte UTF-8, alone in a string") {
    for (const auto& piece : pieces()) {
      Catalog c;
      c.schema_comment = "<" + piece + ">";
      c.enums[piece] = enum_type(piece, {piece, piece + piece}, piece);
      check_same(c);
    }
  }
  SECTION("generated catalogs: every optional set or not, unsorted constraints and indexes") {
    Generator generate(7);
    for (int i = 0; i < 400; ++i) {
      INFO("catalog " << i);
      check_same(generate.catalog());
    }
  }
}

TEST_CASE("invalid UTF-8 fails the same way as dump()", "[fingerprint]") {
  for (const std::string bad : {"\xff", "a\xc3", "\xc3\x28", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                "\xc0\xaf", "ok\xe2\x82"}) {
    Catalog c;
    c.tables["t"].name = "t";
    c.tables["t"].comment = bad;
    std::string expected;
    try {
      (void)canonical_json(c).dump();
    } catch (const nlohmann::json::type_error& e) {
      expected = e.what();
    }
    REQUIRE_FALSE(expected.empty());
    CHECK_THROWS_WITH(fingerprint(c), expected);
    CHECK_THROWS_AS(fingerprint(c), nlohmann::json::type_error);
  }
}

TEST_CASE("the fingerprint's format is fixed", "[fingerprint]") {
  // Computed with canonical_json(...).dump() when the direct writer was introduced: a change
  // here would make every committed revision look edited or drifted.
  CHECK(fingerprint(full_catalog()) == reference_fingerprint(full_catalog()));
  CHECK(fingerprint(full_catalog()) ==
        "sha256:a4b2d8fbb5b789d9120592f0afd27f4175e3b2f61e033996e84d224abbf8a291");
  // Also the source fingerprint of every first revision (plans/*/0001_*.sql).
  CHECK(fingerprint(Catalog{}) ==
        "sha256:d1fdf20c2fcc034cf5a5e5791537ce0762ca579de8c5d0a14f08c35abc22d7fa");
}

TEST_CASE("fingerprint of 10,000 tables: written directly vs through the JSON tree",
          "[.][fingerprint-timing]") {
  Catalog c;
  for (int i = 0; i < 10000; ++i) {
    Table t;
    t.name = "table_" + std::to_string(i);
    for (int k = 0; k < 8; ++k) {
      Column col = make_column("column_" + std::to_string(k),
                               k == 0 ? "bigint" : "character varying(255)", k == 0);
      if (k == 2) col.default_expr = "'open'::text";
      if (k == 3) col.comment = "a column";
      t.columns.push_back(col);
    }
    Constraint pk;
    pk.name = t.name + "_pkey";
    pk.kind = ConstraintKind::primary_key;
    pk.columns = {"column_0"};
    Constraint check;
    check.name = t.name + "_column_1_check";
    check.expression = "(length((column_1)::text) > 0)";
    t.constraints = {check, pk};
    Index ix;
    ix.name = t.name + "_column_1_idx";
    ix.keys = {key("column_1")};
    t.indexes = {ix};
    t.comment = "table " + std::to_string(i);
    c.tables[t.name] = std::move(t);
  }
  using Clock = std::chrono::steady_clock;
  const auto ms = [](Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  auto start = Clock::now();
  const std::string old = reference_fingerprint(c);
  const auto old_took = Clock::now() - start;
  start = Clock::now();
  const std::string now = fingerprint(c);
  const auto now_took = Clock::now() - start;
  CHECK(old == now);
  WARN("10,000 tables: through canonical_json " << ms(old_took) << " ms, written directly "
                                                << ms(now_took) << " ms");
}
