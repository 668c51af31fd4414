// The order stage: steps run after what they need, drops run before what they free.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "catalog/diagnostic.hpp"
#include "diff/diff.hpp"
#include "plan/order.hpp"

using namespace recon;

namespace {

Column col(std::string name, std::string type, bool not_null = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.not_null = not_null;
  return c;
}

Constraint pk(std::string name, std::vector<std::string> columns) {
  Constraint c;
  c.kind = ConstraintKind::primary_key;
  c.name = std::move(name);
  c.columns = std::move(columns);
  return c;
}

Constraint fk(std::string name, std::string column, std::string table) {
  Constraint c;
  c.kind = ConstraintKind::foreign_key;
  c.name = std::move(name);
  c.columns = {std::move(column)};
  c.references = {"", std::move(table), {"id"}};
  return c;
}

Table table(std::string name, std::vector<Constraint> constraints = {}) {
  Table t;
  t.name = name;
  t.columns = {col("id", "bigint", true), col("other_id", "bigint")};
  t.constraints = {pk(name + "_pkey", {"id"})};
  for (auto& c : constraints) t.constraints.push_back(std::move(c));
  return t;
}

Catalog catalog_of(std::vector<Table> tables) {
  Catalog c;
  c.schema = "app";
  for (auto& t : tables) c.tables[t.name] = std::move(t);
  return c;
}

std::size_t position(const plan::OrderedChanges& ordered, const std::string& summary) {
  for (std::size_t i = 0; i < ordered.changes.size(); ++i) {
    if (ordered.changes[i].summary == summary) return i;
  }
  FAIL("no step " << summary);
  return 0;
}

std::vector<std::string> summaries(const plan::OrderedChanges& ordered) {
  std::vector<std::string> out;
  for (const auto& c : ordered.changes) out.push_back(c.summary);
  return out;
}

}  // namespace

TEST_CASE("a foreign key is added after the table it references, even when created together",
          "[order]") {
  const auto to =
      catalog_of({table("zeta"), table("alpha", {fk("alpha_other_fkey", "other_id", "zeta")})});
  const auto ordered = plan::order(diff::diff(catalog_of({}), to));
  CHECK(position(ordered, "+ foreign key alpha.alpha_other_fkey") >
        position(ordered, "+ table zeta"));
  CHECK(position(ordered, "+ foreign key alpha.alpha_other_fkey") >
        position(ordered, "+ table alpha"));
}

TEST_CASE("two tables referencing each other are created first, their foreign keys after",
          "[order]") {
  const auto to = catalog_of({table("a", {fk("a_b_fkey", "other_id", "b")}),
                              table("b", {fk("b_a_fkey", "other_id", "a")})});
  const auto ordered = plan::order(diff::diff(catalog_of({}), to));
  REQUIRE(ordered.changes.size() == 4);
  CHECK(summaries(ordered) == std::vector<std::string>{"+ table a", "+ table b",
                                                       "+ foreign key a.a_b_fkey",
                                                       "+ foreign key b.b_a_fkey"});
}

TEST_CASE("a referencing foreign key is dropped before the table it references", "[order]") {
  const auto from = catalog_of(
      {table("parent"), table("child", {fk("child_parent_fkey", "other_id", "parent")})});
  const auto to = catalog_of({table("child")});
  const auto ordered = plan::order(diff::diff(from, to));
  CHECK(position(ordered, "- foreign key child.child_parent_fkey") <
        position(ordered, "- table parent"));
  for (const auto& c : ordered.changes) {
    if (c.summary == "- table parent") CHECK(c.hazards.at(0).kind == "data-loss");
  }
}

TEST_CASE("a view is dropped before a column it reads changes type, and created again after",
          "[order]") {
  auto before = catalog_of({table("t")});
  View v;
  v.name = "v";
  v.definition = "SELECT other_id FROM t";
  v.depends_on = {{"", "t", "other_id"}};
  before.views["v"] = v;
  auto after = before;
  after.tables["t"].columns[1].type = "numeric";
  const auto ordered = plan::order(diff::diff(before, after));
  REQUIRE(ordered.changes.size() == 3);
  CHECK(position(ordered, "- view v") <
        position(ordered, "~ column t.other_id: type bigint -> numeric"));
  CHECK(position(ordered, "+ view v") >
        position(ordered, "~ column t.other_id: type bigint -> numeric"));
}

TEST_CASE("the order does not depend on the order changes come in", "[order]") {
  std::vector<Table> tables;
  for (int i = 0; i < 30; ++i) {
    std::vector<Constraint> fks;
    if (i > 0)
      fks.push_back(fk("t" + std::to_string(i) + "_fkey", "other_id", "t" + std::to_string(i - 1)));
    tables.push_back(table("t" + std::to_string(i), fks));
  }
  auto changes = diff::diff(catalog_of({}), catalog_of(tables));
  const auto expected = summaries(plan::order(changes));
  std::mt19937 random(42);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(changes.begin(), changes.end(), random);
    CHECK(summaries(plan::order(changes)) == expected);
  }
}

TEST_CASE("a cycle that cannot be broken is an error naming its objects", "[order]") {
  Change a;
  a.object = "view a";
  a.summary = "+ view a";
  a.creates = {"rel:a"};
  a.needs = {"rel:b"};
  Change b = a;
  b.object = "view b";
  b.summary = "+ view b";
  b.creates = {"rel:b"};
  b.needs = {"rel:a"};
  try {
    plan::order({a, b});
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string message = e.what();
    CHECK(message.find("cycle") != std::string::npos);
    CHECK(message.find("view a") != std::string::npos);
    CHECK(message.find("view b") != std::string::npos);
  }
}

TEST_CASE("every cycle is named, each once, whatever else waits on it", "[order]") {
  const auto change = [](std::string name, std::string creates, std::string needs) {
    Change c;
    c.object = "view " + name;
    c.summary = "+ view " + name;
    c.creates = {std::move(creates)};
    c.needs = {std::move(needs)};
    return c;
  };
  // a <-> b, then c needing a (waits on the cycle, is no part of it), then d -> e -> f -> d.
  const std::vector<Change> changes = {
      change("c", "rel:c", "rel:a"), change("a", "rel:a", "rel:b"), change("b", "rel:b", "rel:a"),
      change("d", "rel:d", "rel:f"), change("e", "rel:e", "rel:d"), change("f", "rel:f", "rel:e")};
  try {
    plan::order(changes);
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Catch::Contains("in cycles that recon cannot break: "));
    CHECK_THAT(message, Catch::Contains("view a -> view b -> view a; view d -> view e -> view f "
                                        "-> view d"));
    CHECK_THAT(message, !Catch::Contains("view c"));
  }
}

TEST_CASE(
    "a table and its columns renamed in one plan: the columns after the table, by its new name",
    "[order]") {
  auto before = catalog_of({table("todos")});
  before.tables["todos"].columns.push_back(col("gone", "text"));
  auto after = catalog_of({table("tasks")});
  after.tables["tasks"].renamed_from = {"todos"};
  after.tables["tasks"].constraints = before.tables["todos"].constraints;
  after.tables["tasks"].columns[1].name = "owner_id";
  after.tables["tasks"].columns[1].renamed_from = {"other_id"};
  const auto ordered = plan::order(diff::diff(before, after));
  INFO(Catch::rangeToString(summaries(ordered)));
  const auto table = position(ordered, "~ table todos: rename to tasks");
  const auto column = position(ordered, "~ column tasks.other_id: rename to owner_id");
  const auto dropped = position(ordered, "- column tasks.gone");
  CHECK(table < column);
  CHECK(table < dropped);
  CHECK(ordered.changes[column].sql == "ALTER TABLE tasks RENAME COLUMN other_id TO owner_id;");
  CHECK(ordered.changes[dropped].sql == "ALTER TABLE tasks DROP COLUMN gone;");
}
