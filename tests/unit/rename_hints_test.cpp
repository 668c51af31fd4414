// Renames in a diff: a rename declared with renamed_from breaks the version of the application
// still running (a hazard says so); a drop and an add that look like a rename nobody declared
// say so on the drop's data-loss hazard, with the renamed_from line to add.
#include <catch2/catch.hpp>

#include "diff/diff.hpp"

using namespace recon;

namespace {

Column column(std::string name, std::string type) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  return c;
}

Catalog with_tables(std::vector<Table> tables) {
  Catalog c;
  c.schema = "app";
  for (auto& t : tables) c.tables[t.name] = t;
  return c;
}

Table table(std::string name, std::vector<Column> columns) {
  Table t;
  t.name = std::move(name);
  t.columns = std::move(columns);
  return t;
}

const Change& change(const std::vector<Change>& changes, const std::string& summary) {
  for (const auto& c : changes)
    if (c.summary == summary) return c;
  FAIL("no change " << summary);
  throw;
}

std::string reason(const Change& c, const std::string& kind) {
  for (const auto& h : c.hazards)
    if (h.kind == kind) return h.reason;
  return "";
}

}  // namespace

TEST_CASE("a dropped and an added column of one type may be a rename: the drop says so",
          "[diff][renames]") {
  const auto changes = diff::diff(
      with_tables({table("todos", {column("id", "bigint"), column("title", "text")})}),
      with_tables({table(
          "todos", {column("id", "bigint"), column("name", "text"), column("due", "date")})}));
  const auto& drop = change(changes, "- column todos.title");
  CHECK(reason(drop, "data-loss") ==
        "drops column todos.title and its values. May be a rename: if column name is title "
        "renamed, add `renamed_from = \"title\"` to its declaration in table todos and plan "
        "again, to keep the values");
}

TEST_CASE("a column dropped with no added column of its type is no rename", "[diff][renames]") {
  const auto changes =
      diff::diff(with_tables({table("todos", {column("id", "bigint"), column("title", "text")})}),
                 with_tables({table("todos", {column("id", "bigint"), column("due", "date")})}));
  CHECK(reason(change(changes, "- column todos.title"), "data-loss") ==
        "drops column todos.title and its values");
}

TEST_CASE("a dropped and an added table with the same columns may be a rename", "[diff][renames]") {
  const std::vector<Column> columns = {column("id", "bigint"), column("title", "text")};
  const auto changes =
      diff::diff(with_tables({table("todos", columns)}), with_tables({table("tasks", columns)}));
  CHECK(reason(change(changes, "- table todos"), "data-loss") ==
        "drops table todos and every row in it. May be a rename: if table tasks is todos "
        "renamed, add `renamed_from = \"todos\"` to its declaration and plan again, to keep the "
        "values");
}

TEST_CASE("a declared rename warns that the running application breaks", "[diff][renames]") {
  auto to = with_tables({table("todos", {column("id", "bigint"), column("name", "text")})});
  to.tables["todos"].columns[1].renamed_from = {"title"};
  const auto changes = diff::diff(
      with_tables({table("todos", {column("id", "bigint"), column("title", "text")})}), to);
  const auto& rename = change(changes, "~ column todos.title: rename to name");
  CHECK(rename.sql == "ALTER TABLE todos RENAME COLUMN title TO name;");
  CHECK(reason(rename, "backward-incompatible")
            .starts_with(
                "the version of the application running now still uses the name todos.title"));
  CHECK_FALSE(reason(rename, "data-loss").size());
}
