// The apply stage on a real PostgreSQL, through its library entry points: version table,
// checks before a revision runs (drift, edited revisions, hazards), atomicity, baseline,
// dry run, status and resumable non-transactional steps.

#include <catch2/catch.hpp>

#include <fstream>
#include <future>
#include <thread>

#include "apply/apply.hpp"
#include "apply/errors.hpp"
#include "apply/executor.hpp"
#include "apply/live_schema.hpp"
#include "apply/status.hpp"
#include "apply/version_table.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "introspect/introspect.hpp"
#include "plan/revision_file.hpp"
#include "run/runner.hpp"
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
  run::run_steps(db.conn(), kSchema, initial_steps());
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
  run::run_steps(db.conn(), kSchema, initial_steps());

  apply::Options baseline2;
  baseline2.baseline = 2;
  const auto mismatch = message_of<apply::Refused>([&] { apply_now(ws, db, kProject, baseline2); });
  CHECK_THAT(mismatch, Catch::Contains(live_fingerprint(db.conn(), kSchema)));
  CHECK_THAT(mismatch, Catch::Contains(chain.revisions()[1].plan.target_fingerprint));
  // Compared with revision 2's state, the live schema lacks what revision 2 adds.
  CHECK_THAT(mismatch, Catch::Contains("- column todos.done"));
  CHECK_THAT(mismatch, Catch::Contains("- index todos.todos_title_idx"));
  CHECK_FALSE(relation_exists(db.conn(), kSchema, "recon_revisions"));

  run::run_steps(db.conn(), kSchema, second_steps());
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
  run::run_steps(db.conn(), kSchema, initial_steps());
  run::run_steps(db.conn(), kSchema, second_steps());
  run::run_steps(db.conn(), kSchema,
                 {make_step("+ enum state", "CREATE TYPE state AS ENUM ('open', 'done');"),
                  make_step("+ view open_todos",
                            "CREATE VIEW open_todos AS SELECT id, title FROM todos WHERE done "
                            "IS NOT TRUE;"),
                  make_step("+ sequence s", "CREATE SEQUENCE s START 5;")});
  pqxx::work txn(db.conn());
  const auto inside = fingerprint(apply::introspect_in(txn, kSchema, {.ignored = {"Order"}}));
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

namespace {

// The schema, table todos, then `comments` steps that comment on it: a long revision whose
// steps are cheap, cut into several batches (run::kBatchSteps each).
std::vector<Step> long_steps(std::size_t comments) {
  auto steps = initial_steps();
  for (std::size_t k = 0; k < comments; ++k)
    steps.push_back(make_step("~ comment " + std::to_string(k),
                              "COMMENT ON TABLE todos IS 'comment " + std::to_string(k) + "';"));
  return steps;
}

// What a statement alone fails with on a fresh database (pqxx's message, with its LINE 1).
std::string alone_message(const std::string& sql) {
  TestDatabase db;
  try {
    pqxx::work w(db.conn());
    w.exec(sql);
  } catch (const pqxx::sql_error& e) {
    return e.what();
  }
  FAIL("no error for " << sql);
  return {};
}

// Records what Progress is told, in order: each finished step (0 ms: alone) and each batch.
class RecordingProgress : public apply::Progress {
 public:
  void step_finished(std::size_t step, std::size_t, const std::string&, std::chrono::milliseconds,
                     bool) override {
    finished.emplace_back(step, step);
  }
  void steps_finished(std::size_t first, std::size_t last, const std::vector<Step>&,
                      std::chrono::milliseconds) override {
    finished.emplace_back(first, last);
  }
  void note(const std::string& line) override { notes += line + "\n"; }

  std::vector<std::pair<std::size_t, std::size_t>> finished;
  std::string notes;

  // Steps 1..n reported once each, in order.
  bool covers(std::size_t n) const {
    std::size_t next = 1;
    for (const auto& [first, last] : finished) {
      if (first != next || last < first) return false;
      next = last + 1;
    }
    return next == n + 1;
  }
};

apply::Result apply_with(const TempWorkspace& ws, const TestDatabase& db,
                         apply::Progress& progress) {
  apply::Options options;
  options.dev_url = server_url();
  return apply::apply_project(db.url(), apply::load_project(ws.root(), kProject), options,
                              progress);
}

}  // namespace

TEST_CASE("a failing step of a long revision is named wherever it falls in its batch", "[apply]") {
  // Step 1 (CREATE SCHEMA) goes alone; 2-1001 and 1002-2001 are batches, 2002-2503 the last.
  const std::size_t comments = 2500;
  const std::size_t n = 3 + comments + 1;
  const std::string missing = "ALTER TABLE missing ADD COLUMN x int;";
  const std::string syntax = "ALTER TABLE todos ADD COLUMN;";
  for (const auto& [at, sql] : std::vector<std::pair<std::size_t, std::string>>{
           {2, missing}, {1001, missing}, {1002, syntax}, {1500, syntax}, {n, missing}}) {
    INFO("the failing step is " << at << "/" << n << ": " << sql);
    TempWorkspace ws;
    ChainBuilder chain(ws, kProject, kSchema);
    chain.add("initial", long_steps(comments), [&](Revision& r) {
      r.plan.steps.insert(r.plan.steps.begin() + static_cast<std::ptrdiff_t>(at - 1),
                          make_step("~ broken", sql));
    });
    TestDatabase db;
    RecordingProgress progress;
    const auto message = message_of<apply::Failed>([&] { apply_with(ws, db, progress); });
    // Exactly what the step alone says, as when each step was a round trip of its own.
    const std::string expected = "revision 0001_initial failed at step " + std::to_string(at) +
                                 "/" + std::to_string(n) + " (~ broken) failed: " +
                                 [](std::string m) {
                                   while (!m.empty() && (m.back() == '\n' || m.back() == ' '))
                                     m.pop_back();
                                   return m;
                                 }(alone_message(sql)) +
                                 "\nSQL:\n" + sql +
                                 "\nThe revision was rolled back: nothing of it was applied.";
    CHECK(message.substr(0, expected.size()) == expected);
    // Then what to do next (tests/integration/next_steps_test.cpp has the advice itself).
    CHECK(message.substr(expected.size()).starts_with("\nWhat to do next:"));
    // Nothing of it: neither the schema nor a version table.
    pqxx::nontransaction txn(db.conn());
    CHECK(txn.exec("SELECT 1 FROM pg_namespace WHERE nspname = '00_todo'").empty());
    // The steps before it were reported once each, in order (also those run again).
    CHECK(progress.covers(at - 1));
    CHECK_THAT(progress.notes, Catch::Contains("a step at a time"));
  }
}

TEST_CASE("a long revision goes in a few batches and is reported step by step", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", long_steps(2500));
  chain.add("add_done", second_steps());
  TestDatabase db;
  RecordingProgress progress;
  CHECK(apply_with(ws, db, progress).applied == std::vector<int>{1, 2});
  CHECK(live_fingerprint(db.conn(), kSchema) == chain.revisions().back().plan.target_fingerprint);
  // Revision 1: step 1 alone, then 1000, 1000 and 502 steps; revision 2: one batch of 2.
  CHECK(progress.finished == std::vector<std::pair<std::size_t, std::size_t>>{
                                 {1, 1}, {2, 1001}, {1002, 2001}, {2002, 2503}, {1, 2}});
}

TEST_CASE("apply and replay send consecutive steps together, not a round trip each", "[apply]") {
  // While the server sleeps in the middle step, the statement it runs is the whole batch.
  const std::vector<Step> steps = {
      make_step("+ table before_sleep", "CREATE TABLE before_sleep (id int);"),
      make_step("~ wait", "SELECT pg_sleep(0.7);"),
      make_step("+ table after_sleep", "CREATE TABLE after_sleep (id int);")};
  const auto query_while_sleeping = [](pqxx::connection& watch, const std::string& condition) {
    pqxx::nontransaction txn(watch);
    for (int i = 0; i < 400; ++i) {
      const auto rows = txn.exec("SELECT query FROM pg_stat_activity WHERE " + condition +
                                 " AND state = 'active' AND query LIKE '%pg_sleep(0.7)%'");
      if (!rows.empty()) return rows[0][0].as<std::string>();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return std::string("(not seen)");
  };

  TempWorkspace ws;
  ChainBuilder chain(ws, kProject, kSchema);
  chain.add("initial", initial_steps());
  chain.add("sleepy", steps);
  TestDatabase db;
  auto applying = std::async(std::launch::async, [&] { return apply_now(ws, db, kProject); });
  const std::string query =
      query_while_sleeping(db.conn(), "application_name = 'recon apply " + kProject + "'");
  CHECK(applying.get().applied == std::vector<int>{1, 2});
  CHECK_THAT(query, Catch::Contains("CREATE TABLE before_sleep") &&
                        Catch::Contains("CREATE TABLE after_sleep"));

  // The replay of revisions on a dev database (plan) runs its steps the same way.
  TestDatabase scratch;
  run::run_steps(scratch.conn(), kSchema, initial_steps());
  auto replay = scratch.connect();
  const int pid = replay->backendpid();
  auto replaying = std::async(std::launch::async, [&] { run::run_steps(*replay, kSchema, steps); });
  const std::string replayed = query_while_sleeping(scratch.conn(), "pid = " + std::to_string(pid));
  replaying.get();
  CHECK_THAT(replayed, Catch::Contains("CREATE TABLE before_sleep") &&
                           Catch::Contains("CREATE TABLE after_sleep"));
  CHECK(relation_exists(scratch.conn(), kSchema, "after_sleep"));
}

TEST_CASE("replay names the failing step of a batch, and commits nothing of its run", "[apply]") {
  TestDatabase scratch;
  auto steps = long_steps(1500);
  steps.insert(steps.begin() + 1200, make_step("~ broken", "ALTER TABLE todos ADD COLUMN;"));
  try {
    run::run_steps(scratch.conn(), kSchema, steps);
    FAIL("no error");
  } catch (const run::StepError& e) {
    CHECK(e.number() == 1201);
    CHECK(e.summary() == "~ broken");
    // As alone (LINE 1): in its batch, the syntax error was hundreds of lines down.
    CHECK_THAT(e.server_message(), Catch::StartsWith("ERROR:  syntax error at or near"));
    CHECK_THAT(e.server_message(), Catch::Contains("LINE 1: ALTER TABLE todos ADD COLUMN;"));
  }
  // Its steps are one transaction (the schema's own step a batch of its own): nothing is left.
  pqxx::nontransaction txn(scratch.conn());
  CHECK(txn.exec("SELECT 1 FROM pg_namespace WHERE nspname = '00_todo'").empty());
}
