// The apply stage on a real PostgreSQL, through its library entry points: version table,
// checks before a revision runs (drift, edited revisions, hazards), atomicity, baseline,
// dry run, status and resumable non-transactional steps.

#include <catch2/catch.hpp>

#include <fstream>

#include "apply/apply.hpp"
#include "apply/errors.hpp"
#include "apply/executor.hpp"
#include "apply/live_schema.hpp"
#include "apply/status.hpp"
#include "apply/steps.hpp"
#include "apply/version_table.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "introspect/introspect.hpp"
#include "plan/revision_file.hpp"
#include "support/apply_fixture.hpp"

using namespace recon;
using namespace recon::testing;
namespace fs = std::filesystem;

namespace {

const std::string kProject = "00_todo";
const std::string kSchema = "00_todo";

std::vector<Step> initial_steps() {
  return {
      make_step("+ schema 00_todo", "CREATE SCHEMA IF NOT EXISTS \"00_todo\";"),
      make_step("+ table todos",
                "CREATE TABLE todos (\n  id bigint PRIMARY KEY,\n  title text NOT NULL,\n  note "
                "text\n);"),
      make_step("+ table \"Order\"", "CREATE TABLE \"Order\" (id bigint PRIMARY KEY);"),
  };
}

std::vector<Step> second_steps() {
  return {
      make_step("+ column todos.done", "ALTER TABLE todos ADD COLUMN done boolean;"),
      make_step("+ index todos_title_idx", "CREATE INDEX todos_title_idx ON todos (title);"),
  };
}

Hazard data_loss(std::string reason) {
  return {hazard::data_loss, std::move(reason)};
}

apply::ProjectStatus status_of(TestDatabase& db, const TempWorkspace& ws) {
  pg::DevServer dev(server_url());
  apply::StatusOptions options;
  options.dev = &dev;
  return apply::project_status(db.conn(), apply::load_project(ws.root(), kProject), options);
}

template <class Exception, class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const Exception& e) {
    return e.what();
  }
  FAIL("no exception");
  return {};
}

void edit_file(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_text(file);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

}  // namespace

TEST_CASE("apply brings an empty database to the last revision, then does nothing", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("add_done", second_steps());
  TestDatabase db;

  const auto result = apply_now(ws, db, kProject);
  CHECK(result.before == 0);
  CHECK(result.applied == std::vector<int>{1, 2});
  CHECK(relation_exists(db.conn(), kSchema, "todos"));
  CHECK(relation_exists(db.conn(), kSchema, "Order"));
  CHECK(relation_exists(db.conn(), kSchema, "todos_title_idx"));
  CHECK(live_fingerprint(db.conn(), kSchema) == chain.revisions().back().plan.target_fingerprint);

  pqxx::read_transaction txn(db.conn());
  const auto rows = apply::read_version_table(txn, kSchema);
  txn.commit();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].number == 1);
  CHECK(rows[0].slug == "initial");
  CHECK(rows[0].checksum == chain.revisions()[0].checksum);
  CHECK(rows[0].parent_checksum.empty());
  CHECK(rows[1].parent_checksum == chain.revisions()[0].checksum);
  CHECK(rows[1].source_fingerprint == chain.revisions()[1].plan.source_fingerprint);
  CHECK(rows[1].target_fingerprint == chain.revisions()[1].plan.target_fingerprint);
  CHECK(rows[1].state == "applied");
  CHECK(rows[1].steps_done == 2);
  CHECK(rows[1].duration_ms.has_value());
  CHECK_FALSE(rows[1].applied_by.empty());
  CHECK(rows[1].applied_at.size() == 20);

  // Nothing outside the schema: public is untouched.
  {
    pqxx::nontransaction n(db.conn());
    CHECK(n.exec("SELECT count(*) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace "
                 "WHERE s.nspname = 'public'")[0][0]
              .as<int>() == 0);
  }

  const auto again = apply_now(ws, db, kProject);
  CHECK(again.before == 2);
  CHECK(again.applied.empty());
  CHECK(applied_count(db.conn(), kSchema) == 2);

  const auto status = status_of(db, ws);
  CHECK(status.up_to_date());
  CHECK(status.pending.empty());
  REQUIRE(status.last_applied);
  CHECK(status.last_applied->number == 2);
  CHECK_FALSE(status.drift);
}

TEST_CASE("apply --to stops at a revision and never rolls back", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("add_done", second_steps());
  TestDatabase db;

  apply::Options to1;
  to1.to = 1;
  CHECK(apply_now(ws, db, kProject, to1).applied == std::vector<int>{1});
  CHECK_FALSE(relation_exists(db.conn(), kSchema, "todos_title_idx"));
  const auto status = status_of(db, ws);
  REQUIRE(status.pending.size() == 1);
  CHECK(status.pending[0].number == 2);
  CHECK_FALSE(status.up_to_date());

  CHECK(apply_now(ws, db, kProject).applied == std::vector<int>{2});
  CHECK_THROWS_AS(apply_now(ws, db, kProject, to1), apply::Refused);
  apply::Options to9;
  to9.to = 9;
  CHECK_THROWS_AS(apply_now(ws, db, kProject, to9), InputError);
}

TEST_CASE("a failing step rolls the whole revision back and is named", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  // Written by hand: its third step fails on any database (planned fingerprints are irrelevant).
  chain.add("broken", {make_step("+ table a", "CREATE TABLE a (id int);")}, [](Revision& r) {
    r.plan.steps.push_back(make_step("+ table b", "CREATE TABLE b (id int);"));
    r.plan.steps.push_back(make_step("~ table missing", "ALTER TABLE missing ADD COLUMN x int;"));
  });
  TestDatabase db;

  const std::string message = message_of<apply::Failed>([&] { apply_now(ws, db, kProject); });
  CHECK_THAT(message, Catch::Contains("0002_broken"));
  CHECK_THAT(message, Catch::Contains("step 3/3 (~ table missing)"));
  CHECK_THAT(message, Catch::Contains("ALTER TABLE missing ADD COLUMN x int;"));
  CHECK_THAT(message, Catch::Contains("relation \"missing\" does not exist"));
  CHECK_THAT(message, Catch::Contains("rolled back"));
  // Revision 1 stays applied, nothing of revision 2 is there.
  CHECK(applied_count(db.conn(), kSchema) == 1);
  CHECK(relation_exists(db.conn(), kSchema, "todos"));
  CHECK_FALSE(relation_exists(db.conn(), kSchema, "a"));
  CHECK_FALSE(relation_exists(db.conn(), kSchema, "b"));
}

TEST_CASE("a failing first revision leaves neither schema nor version table", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps(), [](Revision& r) {
    r.plan.steps.push_back(make_step("+ view v", "CREATE VIEW v AS SELECT nothing FROM todos;"));
  });
  TestDatabase db;
  CHECK_THROWS_AS(apply_now(ws, db, kProject), apply::Failed);
  pqxx::nontransaction n(db.conn());
  CHECK(n.exec("SELECT 1 FROM pg_namespace WHERE nspname = '00_todo'").empty());
}

TEST_CASE("a revision that does not reach its target is rolled back", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps(),
            [](Revision& r) { r.plan.target_fingerprint = "sha256:" + std::string(64, 'a'); });
  TestDatabase db;
  const auto message = message_of<apply::Failed>([&] { apply_now(ws, db, kProject); });
  CHECK_THAT(message, Catch::Contains("did not reach"));
  CHECK_THAT(message, Catch::Contains(std::string(64, 'a')));
  CHECK_FALSE(relation_exists(db.conn(), kSchema, "todos"));
  CHECK(applied_count(db.conn(), kSchema) == 0);
}

TEST_CASE("drift blocks apply and shows in status", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("add_done", second_steps());
  TestDatabase db;
  apply::Options to1;
  to1.to = 1;
  apply_now(ws, db, kProject, to1);
  {
    pqxx::work w(db.conn());
    w.exec("ALTER TABLE \"00_todo\".todos ADD COLUMN sneaky int");
    w.commit();
  }
  const auto before = live_fingerprint(db.conn(), kSchema);
  const auto message = message_of<apply::Refused>([&] { apply_now(ws, db, kProject); });
  CHECK_THAT(message, Catch::Contains("differs from the state revision 0002_add_done expects"));
  // The objects, not only the fingerprints.
  CHECK_THAT(message, Catch::Contains("changed outside recon:\n  + column todos.sneaky\n"));
  CHECK_THAT(message, Catch::Contains(before));
  CHECK_THAT(message, Catch::Contains(chain.revisions()[1].plan.source_fingerprint));
  CHECK(live_fingerprint(db.conn(), kSchema) == before);
  CHECK(applied_count(db.conn(), kSchema) == 1);

  const auto status = status_of(db, ws);
  CHECK(status.drift);
  CHECK(status.live_fingerprint == before);
  CHECK(status.expected_fingerprint == chain.revisions()[0].plan.target_fingerprint);
  CHECK(status.drift_detail.changes == std::vector<std::string>{"+ column todos.sneaky"});
  CHECK_FALSE(status.up_to_date());
  CHECK_THAT(apply::to_text(status), Catch::Contains("+ column todos.sneaky"));
  const auto json = apply::to_json(status);
  CHECK(json["drift"]["live"] == before);
  CHECK(json["drift"]["changes"][0] == "+ column todos.sneaky");
  CHECK(json["up_to_date"] == false);
}

TEST_CASE("a non-empty schema without history is refused, and baseline suggested", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("add_done", second_steps());
  TestDatabase db;
  apply::run_steps(db.conn(), kSchema, initial_steps());
  const auto message = message_of<apply::Refused>([&] { apply_now(ws, db, kProject); });
  CHECK_THAT(message, Catch::Contains("--baseline 1"));
}

TEST_CASE("baseline records revisions without running them, and refuses a mismatch", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("add_done", second_steps());
  chain.add("add_tags", {make_step("+ table tags", "CREATE TABLE tags (name text);")});
  TestDatabase db;
  // The database got there by other means (Alembic, say).
  apply::run_steps(db.conn(), kSchema, initial_steps());

  apply::Options baseline2;
  baseline2.baseline = 2;
  const auto mismatch = message_of<apply::Refused>([&] { apply_now(ws, db, kProject, baseline2); });
  CHECK_THAT(mismatch, Catch::Contains(live_fingerprint(db.conn(), kSchema)));
  CHECK_THAT(mismatch, Catch::Contains(chain.revisions()[1].plan.target_fingerprint));
  // Compared with revision 2's state, the live schema lacks what revision 2 adds.
  CHECK_THAT(mismatch, Catch::Contains("- column todos.done"));
  CHECK_THAT(mismatch, Catch::Contains("- index todos.todos_title_idx"));
  CHECK_FALSE(relation_exists(db.conn(), kSchema, "recon_revisions"));

  apply::run_steps(db.conn(), kSchema, second_steps());
  const auto result = apply_now(ws, db, kProject, baseline2);
  CHECK(result.applied == std::vector<int>{1, 2});
  {
    pqxx::read_transaction txn(db.conn());
    const auto rows = apply::read_version_table(txn, kSchema);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].state == "baseline");
    CHECK_FALSE(rows[0].duration_ms.has_value());
  }
  CHECK_THROWS_AS(apply_now(ws, db, kProject, baseline2), apply::Refused);  // already recorded
  CHECK(apply_now(ws, db, kProject).applied == std::vector<int>{3});
  CHECK(relation_exists(db.conn(), kSchema, "tags"));
}

TEST_CASE("an edited applied revision is refused by apply and reported by status", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  TestDatabase db;
  apply_now(ws, db, kProject);
  chain.add("add_done", second_steps());

  SECTION("its content changed under its checksum line") {
    edit_file(chain.revisions()[0].file, "title text NOT NULL", "title text");
    const auto message = message_of<apply::Refused>([&] { apply_now(ws, db, kProject); });
    CHECK_THAT(message, Catch::Contains("0001_initial.sql"));
    CHECK_THAT(message, Catch::Contains("edited"));
    const auto status = status_of(db, ws);
    REQUIRE(status.edited.size() == 1);
    CHECK(status.edited[0].number == 1);
    CHECK(status.edited[0].content_changed);
  }
  SECTION("it was rewritten with a new checksum (and the chain re-linked)") {
    Revision r = chain.revisions()[0];
    r.plan.steps[1].sql = "CREATE TABLE todos (id bigint PRIMARY KEY, title text NOT NULL);";
    const std::string text = render_revision(r);
    std::ofstream(r.file, std::ios::binary | std::ios::trunc) << text;
    fs::remove(chain.revisions()[1].file);  // the new chain has only the edited revision
    const auto message = message_of<apply::Refused>([&] { apply_now(ws, db, kProject); });
    CHECK_THAT(message, Catch::Contains("revision 0001_initial was applied"));
    CHECK_THAT(message, Catch::Contains(chain.revisions()[0].checksum));
    CHECK_THAT(message, Catch::Contains(compute_checksum(text)));
    const auto status = status_of(db, ws);
    REQUIRE(status.edited.size() == 1);
    CHECK_FALSE(status.edited[0].content_changed);
    CHECK(status.edited[0].recorded_checksum == chain.revisions()[0].checksum);
    CHECK_FALSE(status.up_to_date());
  }
  CHECK(applied_count(db.conn(), kSchema) == 1);
  CHECK_FALSE(relation_exists(db.conn(), kSchema, "todos_title_idx"));
}

TEST_CASE("a missing applied revision is refused", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("add_done", second_steps());
  TestDatabase db;
  apply_now(ws, db, kProject);
  fs::remove(chain.revisions()[1].file);
  const auto message = message_of<apply::Refused>([&] { apply_now(ws, db, kProject); });
  CHECK_THAT(message, Catch::Contains("0002_add_done is recorded"));
  CHECK(status_of(db, ws).missing.size() == 1);
}

TEST_CASE("data-loss steps need --allow-hazards data-loss", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("drop_note", {make_step("- column todos.note", "ALTER TABLE todos DROP COLUMN note;",
                                    {data_loss("drops column todos.note and its data")})});
  TestDatabase db;

  const auto message = message_of<apply::Refused>([&] { apply_now(ws, db, kProject); });
  CHECK_THAT(message, Catch::Contains("0002_drop_note step 1/1: - column todos.note"));
  CHECK_THAT(message, Catch::Contains("data-loss: drops column todos.note"));
  CHECK_THAT(message, Catch::Contains("--allow-hazards data-loss"));
  // Refused before anything ran: not even revision 1.
  CHECK_FALSE(relation_exists(db.conn(), kSchema, "todos"));

  const auto status = status_of(db, ws);
  REQUIRE(status.pending.size() == 2);
  CHECK(status.pending[1].hazards == std::vector<std::string>{"data-loss"});

  apply::Options allowed;
  allowed.allowed_hazards = {"data-loss"};
  CHECK(apply_now(ws, db, kProject, allowed).applied == std::vector<int>{1, 2});
  CHECK(applied_count(db.conn(), kSchema) == 2);
}

TEST_CASE("dry run prints the SQL in order and changes nothing", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("add_done", second_steps());
  TestDatabase db;

  apply::Options dry;
  dry.dry_run = true;
  const auto result = apply_now(ws, db, kProject, dry);
  CHECK(result.applied == std::vector<int>{1, 2});
  const std::string& sql = result.script;
  const auto at = [&](const std::string& text) {
    const auto pos = sql.find(text);
    INFO(text);
    CHECK(pos != std::string::npos);
    return pos;
  };
  CHECK(at("SET application_name TO 'recon apply 00_todo';") < at("pg_try_advisory_lock("));
  CHECK(at("BEGIN;\nSET LOCAL search_path TO \"00_todo\";\n-- step 1/3: + schema 00_todo\n"
           "CREATE SCHEMA IF NOT EXISTS \"00_todo\";") < at("CREATE TABLE todos"));
  CHECK(at("CREATE TABLE todos") < at("CREATE TABLE IF NOT EXISTS \"00_todo\".recon_revisions"));
  CHECK(at("CREATE TABLE IF NOT EXISTS \"00_todo\".recon_revisions") <
        at("INSERT INTO \"00_todo\".recon_revisions"));
  CHECK(at("-- revision 0002_add_done") < at("ALTER TABLE todos ADD COLUMN done boolean;"));
  CHECK(at("ALTER TABLE todos ADD COLUMN done boolean;") < at("pg_advisory_unlock("));
  // The version table is created once.
  CHECK(sql.find("CREATE TABLE IF NOT EXISTS", at("-- revision 0002_add_done")) ==
        std::string::npos);

  pqxx::nontransaction n(db.conn());
  CHECK(n.exec("SELECT 1 FROM pg_namespace WHERE nspname = '00_todo'").empty());
}

TEST_CASE("status of a database that has nothing applied", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  TestDatabase db;
  const auto status = status_of(db, ws);
  CHECK_FALSE(status.version_table);
  CHECK_FALSE(status.last_applied);
  CHECK(status.pending.size() == 1);
  CHECK_FALSE(status.drift);
  CHECK_FALSE(status.up_to_date());
  CHECK_THAT(apply::to_text(status), Catch::Contains("0001_initial (3 steps)"));
}

TEST_CASE("introspecting inside the transaction agrees with introspect_schema", "[apply]") {
  TestDatabase db;
  apply::run_steps(db.conn(), kSchema, initial_steps());
  apply::run_steps(db.conn(), kSchema, second_steps());
  apply::run_steps(db.conn(), kSchema,
                   {make_step("+ enum state", "CREATE TYPE state AS ENUM ('open', 'done');"),
                    make_step("+ view open_todos",
                              "CREATE VIEW open_todos AS SELECT id, title FROM todos WHERE done "
                              "IS NOT TRUE;"),
                    make_step("+ sequence s", "CREATE SEQUENCE s START 5;")});
  pqxx::work txn(db.conn());
  const auto inside = fingerprint(apply::introspect_in(txn, kSchema, {"Order"}));
  txn.commit();
  introspect::Options options;
  options.ignored = {"Order"};
  CHECK(inside == fingerprint(introspect::introspect_schema(db.conn(), kSchema, options)));
  CHECK(inside != live_fingerprint(db.conn(), kSchema));  // "Order" counts when not ignored
}

TEST_CASE("non-transactional steps run alone and resume after a failure", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("unique_titles",
            {make_step("+ column todos.rank", "ALTER TABLE todos ADD COLUMN rank int;"),
             make_step("+ index todos_title_key",
                       "CREATE UNIQUE INDEX CONCURRENTLY todos_title_key ON todos (title);",
                       {{hazard::not_transactional, "builds without blocking writes"}}, false),
             make_step("+ comment on todos", "COMMENT ON TABLE todos IS 'unique titles';")});
  TestDatabase db;
  apply::Options to1;
  to1.to = 1;
  apply_now(ws, db, kProject, to1);
  {
    pqxx::work w(db.conn());
    w.exec("INSERT INTO \"00_todo\".todos (id, title) VALUES (1, 'same'), (2, 'same')");
    w.commit();
  }

  // The unique index cannot be built: step 2 fails outside any transaction, step 1 stays.
  const auto message = message_of<apply::Failed>([&] { apply_now(ws, db, kProject); });
  CHECK_THAT(message, Catch::Contains("step 2/3 (+ index todos_title_key)"));
  CHECK_THAT(message, Catch::Contains("resume"));
  {
    pqxx::read_transaction txn(db.conn());
    const auto rows = apply::read_version_table(txn, kSchema);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].state == "partial");
    CHECK(rows[1].steps_done == 1);
    // The failed build left an invalid index behind.
    CHECK(txn.exec("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                   "'\"00_todo\".todos_title_key'::regclass")[0][0]
              .as<bool>() == false);
  }
  const auto status = status_of(db, ws);
  REQUIRE(status.partial);
  CHECK_FALSE(status.up_to_date());
  CHECK_THAT(apply::to_text(status), Catch::Contains("interrupted"));

  // A dry run shows the resumption.
  apply::Options dry;
  dry.dry_run = true;
  const auto script = apply_now(ws, db, kProject, dry).script;
  CHECK_THAT(script, Catch::Contains("resuming after step 1/3"));
  CHECK_THAT(script, Catch::Contains("DROP INDEX CONCURRENTLY IF EXISTS"));
  CHECK(script.find("ADD COLUMN rank") == std::string::npos);

  {
    pqxx::work w(db.conn());
    w.exec("DELETE FROM \"00_todo\".todos WHERE id = 2");
    w.commit();
  }
  CHECK(apply_now(ws, db, kProject).applied == std::vector<int>{2});
  CHECK(live_fingerprint(db.conn(), kSchema) == chain.revisions()[1].plan.target_fingerprint);
  pqxx::read_transaction txn(db.conn());
  const auto rows = apply::read_version_table(txn, kSchema);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].state == "applied");
  CHECK(rows[1].steps_done == 3);
}

TEST_CASE("a non-transactional step recorded as done is not run again", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("title_index",
            {make_step("+ index todos_title_idx",
                       "CREATE INDEX CONCURRENTLY todos_title_idx ON todos (title);", {}, false),
             make_step("+ comment on todos", "COMMENT ON TABLE todos IS 'indexed';")});
  TestDatabase db;
  apply::Options to1;
  to1.to = 1;
  apply_now(ws, db, kProject, to1);
  // As if a run had been killed right after the index was built, before recording it.
  {
    pqxx::nontransaction n(db.conn());
    n.exec("CREATE INDEX CONCURRENTLY todos_title_idx ON \"00_todo\".todos (title)");
    n.exec(apply::insert_partial_sql(kSchema, chain.revisions()[1]));
  }
  CHECK(apply_now(ws, db, kProject).applied == std::vector<int>{2});
  CHECK(applied_count(db.conn(), kSchema) == 2);
  CHECK(live_fingerprint(db.conn(), kSchema) == chain.revisions()[1].plan.target_fingerprint);
}
