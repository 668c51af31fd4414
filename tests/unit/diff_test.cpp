// The diff stage, on catalogs built in memory: what changes, with which SQL and hazards.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>

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

TEST_CASE("removing an enum value rebuilds the type in one step, with its hazard", "[diff]") {
  const auto changes = diff::diff(with_enum({"sad", "happy"}), with_enum({"happy"}));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].summary == "~ enum mood: rebuilt without 'sad'");
  CHECK(changes[0].sql ==
        "CREATE TYPE mood__recon_rebuild AS ENUM ('happy');\n"
        "DROP TYPE mood;\n"
        "ALTER TYPE mood__recon_rebuild RENAME TO mood;");
  REQUIRE_FALSE(changes[0].hazards.empty());
  CHECK(changes[0].hazards[0].kind == hazard::data_loss);
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
  // No data is lost; only the running application is warned of (rename_hints_test.cpp).
  REQUIRE(changes[0].hazards.size() == 1);
  CHECK(changes[0].hazards[0].kind == "backward-incompatible");
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

namespace {

Catalog with_enum_column(std::vector<std::string> values, std::optional<std::string> default_expr) {
  Catalog c = with_enum(std::move(values));
  Column mood = column("mood", "mood");
  mood.default_expr = std::move(default_expr);
  c.tables["todos"] = with_table({mood}).tables["todos"];
  return c;
}

const Change& change_named(const std::vector<Change>& changes, const std::string& summary) {
  for (const auto& c : changes) {
    if (c.summary == summary) return c;
  }
  FAIL("no change " << summary);
  throw;
}

}  // namespace

TEST_CASE("an enum value used in the same plan is added first, committed, and idempotent",
          "[diff]") {
  const auto changes = diff::diff(with_enum_column({"sad", "happy"}, std::nullopt),
                                  with_enum_column({"sad", "ok", "fine", "happy"}, "'ok'::mood"));
  const Change& ok = change_named(changes, "~ enum mood: add value ok");
  CHECK(ok.sql == "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad';");
  CHECK_FALSE(ok.transactional);
  CHECK(has_hazard(ok, "not-transactional"));
  const Change& user = change_named(changes, "~ column todos.mood: set default 'ok'::mood");
  CHECK(std::find(user.needs.begin(), user.needs.end(), "type:mood=ok") != user.needs.end());
  // The unused value stays in the transaction, after the value it follows.
  const Change& fine = change_named(changes, "~ enum mood: add value fine");
  CHECK(fine.transactional);
  CHECK(fine.sql == "ALTER TYPE mood ADD VALUE 'fine' AFTER 'ok';");
  CHECK(std::find(fine.needs.begin(), fine.needs.end(), "type:mood=ok") != fine.needs.end());
}

TEST_CASE("enum values added and not used stay in the revision's transaction", "[diff]") {
  const auto changes = diff::diff(with_enum_column({"sad"}, "'sad'::mood"),
                                  with_enum_column({"sad", "ok"}, "'sad'::mood"));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].transactional);
  CHECK(changes[0].hazards.empty());
}

TEST_CASE("a domain's base type change is refused while columns use it, with the way out",
          "[diff]") {
  auto catalog_with = [](std::string base, bool used) {
    Catalog c =
        with_table({column("id", "bigint"), column("price", used ? "money_amount" : "numeric")});
    Domain d;
    d.name = "money_amount";
    d.base_type = std::move(base);
    c.domains[d.name] = d;
    return c;
  };
  try {
    diff::diff(catalog_with("numeric(10,2)", true), catalog_with("numeric(12,2)", true));
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string message = e.what();
    CHECK(message.find("domain 'money_amount' changes its base type from numeric(10,2) to "
                       "numeric(12,2)") != std::string::npos);
    CHECK(message.find("(todos.price)") != std::string::npos);
    CHECK(message.find("a domain of another name") != std::string::npos);
  }
  const auto unused =
      diff::diff(catalog_with("numeric(10,2)", false), catalog_with("numeric(12,2)", false));
  CHECK(unused.size() == 2);  // dropped and created again
}

TEST_CASE("a raised MINVALUE moves a sequence still below it; a narrowed bound ahead is a hazard",
          "[diff]") {
  auto with_sequence = [](std::int64_t increment, std::int64_t min, std::int64_t max,
                          std::int64_t start) {
    Catalog c;
    c.schema = "app";
    Sequence s;
    s.name = "Numbers";
    s.options = {"bigint", start, increment, min, max, 1, false};
    c.sequences[s.name] = s;
    return c;
  };
  const auto up = diff::diff(with_sequence(1, 1, 1000, 1), with_sequence(1, 100, 1000, 200));
  REQUIRE(up.size() == 1);
  CHECK(up[0].sql ==
        "SELECT setval('\"Numbers\"', 200, false) FROM \"Numbers\" WHERE last_value < 100;\n"
        "ALTER SEQUENCE \"Numbers\" MINVALUE 100 START WITH 200;");
  CHECK(up[0].hazards.empty());
  const auto lower_max = diff::diff(with_sequence(1, 1, 1000, 1), with_sequence(1, 1, 500, 1));
  REQUIRE(lower_max.size() == 1);
  CHECK(has_hazard(lower_max[0], "validation-scan"));
  const auto down = diff::diff(with_sequence(-1, -1000, -1, -1), with_sequence(-1, -10, -1, -1));
  REQUIRE(down.size() == 1);
  CHECK(down[0].sql.starts_with("ALTER SEQUENCE"));
  CHECK(has_hazard(down[0], "validation-scan"));
}

// DROP INDEX and ALTER TABLE ... DROP CONSTRAINT both take an ACCESS EXCLUSIVE lock on the
// table: quick once granted, but it queues behind every running query and everything queues
// behind it. A dropped index can also leave queries without the plan they had.
TEST_CASE("dropping an index or a constraint carries the lock it takes as a hazard", "[diff]") {
  Catalog before = with_table({column("id", "bigint"), column("owner", "bigint")});
  Catalog parents = with_table({column("id", "bigint")}, "owners");
  before.tables["owners"] = parents.tables["owners"];
  Table& t = before.tables["todos"];
  Index ix;
  ix.name = "todos_owner_idx";
  ix.keys = {IndexKey{"owner"}};
  t.indexes = {ix};
  Constraint unique;
  unique.name = "todos_id_key";
  unique.kind = ConstraintKind::unique;
  unique.columns = {"id"};
  Constraint check;
  check.name = "todos_id_check";
  check.kind = ConstraintKind::check;
  check.expression = "(id > 0)";
  Constraint fk;
  fk.name = "todos_owner_fkey";
  fk.kind = ConstraintKind::foreign_key;
  fk.columns = {"owner"};
  fk.references = {"", "owners", {"id"}};
  t.constraints = {unique, check, fk};
  Catalog after = before;
  after.tables["todos"].indexes.clear();
  after.tables["todos"].constraints.clear();

  // The blocking forms (online = false): online, the index is dropped CONCURRENTLY (below).
  const auto changes = diff::diff(before, after, diff::Options{.online = false});
  REQUIRE(changes.size() == 4);
  const auto reason = [&](const std::string& summary) {
    for (const auto& c : changes) {
      if (c.summary != summary) continue;
      REQUIRE(c.hazards.size() == 1);
      CHECK(c.hazards[0].kind == "access-exclusive-lock");
      return c.hazards[0].reason;
    }
    FAIL("no step " << summary);
    return std::string();
  };
  CHECK(reason("- index todos.todos_owner_idx") ==
        "blocks reads and writes of todos while the index is dropped (the lock waits for running "
        "queries); queries that used the index may get slower");
  CHECK(reason("- unique todos.todos_id_key") ==
        "blocks reads and writes of todos while the constraint and its index are dropped (the "
        "lock waits for running queries); queries that used the index may get slower");
  CHECK(reason("- check todos.todos_id_check") ==
        "blocks reads and writes of todos while the constraint is dropped (the lock waits for "
        "running queries)");
  CHECK(reason("- foreign key todos.todos_owner_fkey") ==
        "blocks reads and writes of todos and owners while the foreign key is dropped (the lock "
        "waits for running queries)");

  // Online (the default), the index goes CONCURRENTLY, outside the transaction, without the
  // exclusive lock; a constraint still needs it.
  for (const auto& c : diff::diff(before, after)) {
    INFO(c.summary);
    const bool exclusive = std::any_of(c.hazards.begin(), c.hazards.end(), [](const Hazard& h) {
      return h.kind == "access-exclusive-lock";
    });
    if (c.summary == "- index todos.todos_owner_idx") {
      CHECK(c.sql == "DROP INDEX CONCURRENTLY IF EXISTS todos_owner_idx;");
      CHECK_FALSE(c.transactional);
      CHECK_FALSE(exclusive);
    } else {
      CHECK(exclusive);
    }
  }
}

// Postgres ships one parser, so a parser change cannot be made on a real server without one of
// C code: the refusal is checked here, on catalogs in memory.
TEST_CASE("a text search configuration's parser change is refused while something uses it",
          "[diff][text_search]") {
  auto catalog_with = [](std::string parser, bool used) {
    Column search = column("search", "tsvector");
    search.generated = "to_tsvector('plain'::regconfig, body)";
    if (used) search.text_search_configs = {"plain"};
    Catalog c = with_table({column("body", "text"), search}, "docs");
    TextSearchConfiguration t;
    t.name = "plain";
    t.parser = std::move(parser);
    t.mapping["asciiword"] = {"simple"};
    c.text_search_configurations[t.name] = t;
    return c;
  };
  try {
    diff::diff(catalog_with("default", true), catalog_with("other.words", true));
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string message = e.what();
    CHECK(message.find("text search configuration plain changes its parser, which Postgres "
                       "cannot do while column docs.search use it") != std::string::npos);
    CHECK(message.find("under another name") != std::string::npos);
  }
  const auto unused =
      diff::diff(catalog_with("default", false), catalog_with("other.words", false));
  REQUIRE(unused.size() == 2);  // dropped and created again
  CHECK(unused[0].summary == "- text search configuration plain");
  CHECK(unused[1].sql.find("(PARSER = other.words);") != std::string::npos);
}
