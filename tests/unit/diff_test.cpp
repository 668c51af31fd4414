// The diff stage, on catalogs built in memory: what changes, with which SQL and hazards.
#include <catch2/catch.hpp>

#include "catalog/diagnostic.hpp"
#include "diff/diff.hpp"

using namespace recon;

namespace {

Catalog with_enum(std::vector<std::string> values) {
  Catalog c;
  c.schema = "app";
  EnumType e;
  e.name = "mood";
  e.values = std::move(values);
  c.enums["mood"] = e;
  return c;
}

Catalog with_table(std::vector<Column> columns, std::string name = "todos") {
  Catalog c;
  c.schema = "app";
  Table t;
  t.name = name;
  t.columns = std::move(columns);
  c.tables[name] = t;
  return c;
}

Column column(std::string name, std::string type) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  return c;
}

bool has_hazard(const Change& c, const std::string& kind) {
  for (const auto& h : c.hazards) {
    if (h.kind == kind) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("equal catalogs have no changes", "[diff]") {
  const auto c = with_table({column("id", "bigint")});
  CHECK(diff::diff(c, c).empty());
}

TEST_CASE("an enum value is added in its declared place", "[diff]") {
  const auto changes = diff::diff(with_enum({"sad", "happy"}), with_enum({"sad", "ok", "happy"}));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].sql == "ALTER TYPE mood ADD VALUE 'ok' AFTER 'sad';");
}

TEST_CASE("removing an enum value is refused with the way out", "[diff]") {
  try {
    diff::diff(with_enum({"sad", "happy"}), with_enum({"happy"}));
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string message = e.what();
    CHECK(message.find("cannot remove an enum value") != std::string::npos);
    CHECK(message.find("recreate the type") != std::string::npos);
  }
}

TEST_CASE("an enum value renamed with a hint is renamed, not lost", "[diff]") {
  auto to = with_enum({"sad", "glad"});
  to.enums["mood"].value_renamed_from["glad"] = "happy";
  const auto changes = diff::diff(with_enum({"sad", "happy"}), to);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].sql == "ALTER TYPE mood RENAME VALUE 'happy' TO 'glad';");
}

TEST_CASE("a table renamed with a hint keeps its data", "[diff]") {
  auto to = with_table({column("id", "bigint")}, "tasks");
  to.tables["tasks"].renamed_from = {"todos"};
  const auto changes = diff::diff(with_table({column("id", "bigint")}), to);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].sql == "ALTER TABLE todos RENAME TO tasks;");
  CHECK(changes[0].hazards.empty());
}

TEST_CASE("without a hint a renamed column is dropped and added, with data loss flagged",
          "[diff]") {
  const auto changes =
      diff::diff(with_table({column("title", "text")}), with_table({column("name", "text")}));
  REQUIRE(changes.size() == 2);
  bool dropped = false;
  for (const auto& c : changes) {
    if (c.summary == "- column todos.title") dropped = has_hazard(c, "data-loss");
  }
  CHECK(dropped);
}

TEST_CASE("type changes say whether they rewrite and whether values may be lost", "[diff]") {
  auto change_for = [](std::string from, std::string to) {
    auto changes = diff::diff(with_table({column("c", from)}), with_table({column("c", to)}));
    REQUIRE(changes.size() == 1);
    return changes[0];
  };
  const auto widen = change_for("character varying(10)", "character varying(20)");
  CHECK(widen.hazards.empty());
  const auto narrow = change_for("character varying(20)", "character varying(10)");
  CHECK(has_hazard(narrow, "data-loss"));
  const auto bigger = change_for("integer", "bigint");
  CHECK(has_hazard(bigger, "table-rewrite"));
  CHECK_FALSE(has_hazard(bigger, "data-loss"));
  const auto smaller = change_for("bigint", "integer");
  CHECK(has_hazard(smaller, "data-loss"));
}

TEST_CASE("identifiers in generated SQL are quoted", "[diff]") {
  auto to = with_table({column("Order", "text"), column("select", "int")}, "User Account");
  Catalog from;
  from.schema = "app";
  const auto changes = diff::diff(from, to);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].sql.find("CREATE TABLE \"User Account\"") != std::string::npos);
  CHECK(changes[0].sql.find("\"Order\" text") != std::string::npos);
  CHECK(changes[0].sql.find("\"select\" int") != std::string::npos);
}

TEST_CASE("a missing schema is created first", "[diff]") {
  Catalog from;
  from.schema = "00_personal_todo";
  from.schema_exists = false;
  Catalog to = with_table({column("id", "bigint")});
  to.schema = "00_personal_todo";
  const auto changes = diff::diff(from, to);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].sql == "CREATE SCHEMA IF NOT EXISTS \"00_personal_todo\";");
}
