// Round trip: a schema declared in TOML, normalized through the dev server, equals the catalog
// introspected from the same schema created by hand-written SQL (canonical JSON and
// fingerprint). The TOML uses the spellings people write (int, varchar(255), timestamptz,
// bool, now()); the SQL often uses others (integer, character varying, boolean, ...).
// The cases are data, one directory each under tests/cases/roundtrip/ (b.toml declares the
// schema, a.sql makes it: see tests/cases/README.md); this file runs them.

#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "integration/schema_states.hpp"
#include "support/cases.hpp"

namespace {

namespace fs = std::filesystem;

void run_roundtrip_case(const fs::path& dir) {
  const std::string toml = recon::testing::read_case_file(dir / "b.toml");
  const std::string sql = recon::testing::read_case_file(dir / "a.sql");
  INFO("TOML:\n" << toml);
  INFO("SQL:\n" << sql);
  const recon::Catalog parsed = recon::testing::parsed(toml);
  const std::string schema = parsed.schema;
  auto normalized = recon::testing::normalized_async(parsed);
  recon::testing::TestDatabase db;
  recon::testing::run_sql(db.conn(), schema, sql);
  const recon::Catalog actual =
      recon::testing::introspected(db.conn(), schema, {}, parsed.manages_privileges);
  const recon::Catalog declared = normalized.get();
  recon::testing::check_same_catalog(declared, "normalized declaration", actual, "SQL-made schema");
  CHECK(declared.unsupported.empty());
  CHECK(actual.unsupported.empty());
}

const bool roundtrip_cases_registered = recon::testing::register_cases(
    "roundtrip", "[roundtrip]", CATCH_INTERNAL_LINEINFO, 60, run_roundtrip_case);

}  // namespace

TEST_CASE("the round-trip states cover every object kind", "[roundtrip]") {
  bool unlogged = false, comment = false, identity_always = false, identity_default = false,
       generated = false, collation = false, nulls_not_distinct = false, match_full = false,
       deferred = false, other_schema = false, not_valid = false, exclude = false, partial = false,
       expression = false, include = false, opclass = false, enum_type = false, domain = false,
       composite = false, owned_sequence = false, view = false, materialized = false, range = false,
       list = false, hash = false, digit_schema = false, odd_schema = false;
  std::set<std::string> methods;
  const auto dirs = recon::testing::case_dirs("roundtrip");
  REQUIRE_FALSE(dirs.empty());
  for (const fs::path& dir : dirs) {
    const recon::Catalog c = recon::testing::parsed(recon::testing::read_case_file(dir / "b.toml"));
    digit_schema |= !c.schema.empty() && std::isdigit(static_cast<unsigned char>(c.schema[0]));
    odd_schema |= c.schema.find_first_of(" \"ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos;
    enum_type |= !c.enums.empty();
    domain |= !c.domains.empty();
    composite |= !c.composites.empty();
    for (const auto& [name, s] : c.sequences) owned_sequence |= s.owned_by.has_value();
    for (const auto& [name, v] : c.views) (v.materialized ? materialized : view) = true;
    for (const auto& [name, t] : c.tables) {
      unlogged |= t.unlogged;
      comment |= t.comment.has_value();
      if (t.partition_by) {
        range |= t.partition_by->starts_with("RANGE");
        list |= t.partition_by->starts_with("LIST");
        hash |= t.partition_by->starts_with("HASH");
      }
      for (const auto& col : t.columns) {
        identity_always |= col.identity == recon::Identity::always;
        identity_default |= col.identity == recon::Identity::by_default;
        generated |= col.generated.has_value();
        collation |= col.collation.has_value();
      }
      for (const auto& k : t.constraints) {
        nulls_not_distinct |= k.nulls_not_distinct;
        match_full |= k.match == "full";
        deferred |= k.initially_deferred;
        other_schema |= !k.references.schema.empty();
        not_valid |= k.not_valid;
        exclude |= k.kind == recon::ConstraintKind::exclude;
      }
      for (const auto& i : t.indexes) {
        methods.insert(i.method);
        partial |= i.where.has_value();
        include |= !i.include.empty();
        for (const auto& key : i.keys) {
          expression |= !key.expression.empty();
          opclass |= key.opclass.has_value();
        }
      }
    }
  }
  CHECK(unlogged);
  CHECK(comment);
  CHECK(identity_always);
  CHECK(identity_default);
  CHECK(generated);
  CHECK(collation);
  CHECK(nulls_not_distinct);
  CHECK(match_full);
  CHECK(deferred);
  CHECK(other_schema);
  CHECK(not_valid);
  CHECK(exclude);
  CHECK(partial);
  CHECK(expression);
  CHECK(include);
  CHECK(opclass);
  CHECK(enum_type);
  CHECK(domain);
  CHECK(composite);
  CHECK(owned_sequence);
  CHECK(view);
  CHECK(materialized);
  CHECK(range);
  CHECK(list);
  CHECK(hash);
  CHECK(digit_schema);
  CHECK(odd_schema);
  CHECK(methods == std::set<std::string>{"brin", "btree", "gin", "gist", "hash"});
}
