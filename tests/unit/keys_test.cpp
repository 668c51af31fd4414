// The diff's dependency keys name each object unambiguously: they are built from quoted names,
// so that names holding dots, commas or quotes cannot run together into another object's key.
#include <catch2/catch.hpp>

#include <algorithm>

#include "diff/diff.hpp"
#include "diff/keys.hpp"

using namespace recon;
namespace keys = recon::diff::keys;

TEST_CASE("keys of objects whose names run together differ", "[keys]") {
  // A table named "other.users" in the own schema, and table users of schema other.
  CHECK(keys::rel("other.users") != keys::rel("other", "users"));
  CHECK(keys::col("other.users", "id") != keys::col("other", "users", "id"));
  CHECK(keys::col("a.b", "c") != keys::col("a", "b.c"));
  CHECK(keys::con("a.b", "c") != keys::con("a", "b.c"));
  CHECK(keys::unique_key("", "other.users", {"id"}) != keys::unique_key("other", "users", {"id"}));
  CHECK(keys::unique_key("", "t", {"a,b"}) != keys::unique_key("", "t", {"a", "b"}));
  // The same object has the same key however it is reached.
  CHECK(keys::rel("", "users") == keys::rel("users"));
  CHECK(keys::col("", "users", "id") == keys::col("users", "id"));
}

TEST_CASE("an enum value's key gives the value back", "[keys]") {
  for (const std::string type : {"mood", "a=b", "Mood \"x\""}) {
    for (const std::string value : {"ok", "a=b", "", "'q'"}) {
      INFO(type << " / " << value);
      CHECK(keys::value_of_enum_value(keys::enum_value(type, value)) == value);
      CHECK(keys::enum_value(type, value) != keys::enum_value(type + "=", value));
    }
  }
  CHECK(keys::enum_value("mood", "ok") == "type:mood=ok");
}

TEST_CASE("a foreign key to users of schema other does not wait on table \"other.users\"",
          "[keys]") {
  Catalog to;
  to.schema = "app";
  Table dotted;
  dotted.name = "other.users";
  dotted.columns.push_back({.name = "id", .type = "bigint", .not_null = true});
  to.tables[dotted.name] = dotted;
  Table orders;
  orders.name = "orders";
  orders.columns.push_back({.name = "user_id", .type = "bigint"});
  Constraint fk;
  fk.name = "orders_user_id_fkey";
  fk.kind = ConstraintKind::foreign_key;
  fk.columns = {"user_id"};
  fk.references = {"other", "users", {"id"}};
  orders.constraints.push_back(fk);
  to.tables[orders.name] = orders;

  Catalog from;
  from.schema = "app";
  const auto changes = diff::diff(from, to);
  std::vector<std::string> created_by_dotted, needed_by_fk;
  for (const auto& c : changes) {
    if (c.object.find("other.users") != std::string::npos)
      created_by_dotted.insert(created_by_dotted.end(), c.creates.begin(), c.creates.end());
    if (c.object.find(fk.name) != std::string::npos)
      needed_by_fk.insert(needed_by_fk.end(), c.needs.begin(), c.needs.end());
  }
  REQUIRE_FALSE(created_by_dotted.empty());
  REQUIRE_FALSE(needed_by_fk.empty());
  for (const auto& key : needed_by_fk) {
    INFO(key);
    CHECK(std::find(created_by_dotted.begin(), created_by_dotted.end(), key) ==
          created_by_dotted.end());
  }
}

TEST_CASE("what names a text search configuration waits for it, and it for its dictionaries",
          "[keys][text_search]") {
  Catalog c;
  c.schema = "app";
  c.text_search_dictionaries["Stems"].name = "Stems";
  TextSearchConfiguration& search = c.text_search_configurations["search"];
  search.name = "search";
  // Dictionaries are named as Postgres prints them: quoted as needed; pg_catalog's are not keys.
  search.mapping["asciiword"] = {"\"Stems\"", "simple"};
  CHECK(keys::mapping_uses(c, search) ==
        std::vector<std::string>{keys::text_search_dictionary("Stems")});

  Column words;
  words.name = "words";
  words.type = "tsvector";
  words.text_search_configs = {"search"};
  const auto uses = keys::column_uses(c, words);
  CHECK(std::count(uses.begin(), uses.end(), keys::text_search_configuration("search")) == 1);
  Index index;
  index.text_search_configs = {"search"};
  const auto index_keys = keys::index_uses("docs", index);
  CHECK(std::count(index_keys.begin(), index_keys.end(),
                   keys::text_search_configuration("search")) == 1);
  // A dictionary and a configuration of the same name are different objects.
  CHECK(keys::text_search_dictionary("search") != keys::text_search_configuration("search"));
}
