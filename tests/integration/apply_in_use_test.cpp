// recon apply on a database that is in use, through the recon binary: a lock held by another
// session is waited for a bounded time (--lock-timeout, or the project's [apply] settings),
// retried, then reported with who holds it; Ctrl-C and SIGTERM cancel the statement on the
// server and roll back; a killed recon's statement is ended by the server; a lock left by a
// recon whose client is gone is named with how to end it; and long steps say so while they run.

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <pqxx/pqxx>

#include "apply/advisory_lock.hpp"
#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

using namespace recon;
using namespace recon::testing;
using namespace std::chrono_literals;

namespace {

const std::string kInUseProject = "in_use";
const std::string kApplication = "recon apply in_use";

// Sleeps 30 s where the target database has the table public.recon_test_sleep, else not at all
// (the chain builder runs the steps on a scratch database to fingerprint them).
const std::string kLongStatement =
    "SELECT pg_sleep(CASE WHEN to_regclass('public.recon_test_sleep') IS NULL THEN 0 ELSE 30 "
    "END);";

std::vector<std::string> apply_args(const TempWorkspace& ws, const TestDatabase& db) {
  return {"--root", ws.root().string(), "--db", db.url(), "--no-color", "apply"};
}

void exec(pqxx::connection& conn, const std::string& sql) {
  pqxx::nontransaction txn(conn);
  txn.exec(sql);
}

bool exists(pqxx::connection& conn, const std::string& sql) {
  pqxx::nontransaction txn(conn);
  return !txn.exec(sql).empty();
}

// Polls `condition` every 20 ms until it holds or `limit` passes; whether it held.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

const std::string kSleeping =
    "SELECT 1 FROM pg_stat_activity WHERE application_name = '" + kApplication +
    "' AND state = 'active' AND query LIKE '%pg_sleep%' AND datname = current_database()";

}  // namespace

TEST_CASE("a lock held by another session is retried, then reported with its pid and query",
          "[apply][locks]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kInUseProject, kInUseProject);
  chain.add("initial", {make_step("+ schema in_use", "CREATE SCHEMA IF NOT EXISTS in_use;"),
                        make_step("+ table t", "CREATE TABLE t (id int PRIMARY KEY);")});
  chain.add("alter_t", {make_step("+ column t.c", "ALTER TABLE t ADD COLUMN c int;")});
  TestDatabase db;
  const auto base = apply_args(ws, db);
  REQUIRE(run_recon(with(base, {"--to", "1"})).exit_code == 0);

  // Another session read t in a transaction it keeps open: ALTER TABLE waits for it.
  auto holder = db.connect();
  exec(*holder, "SET application_name TO 'the blocker'");
  pqxx::work hold(*holder);
  hold.exec("SELECT count(*) FROM in_use.t /* keeps ACCESS SHARE */");
  const std::string holder_pid = std::to_string(holder->backendpid());

  SECTION("given up after the retries: refused, naming the holder and its query") {
    const auto start = std::chrono::steady_clock::now();
    const auto result = run_recon(with(base, {"--lock-timeout", "400ms", "--lock-retries", "2"}));
    const auto took = std::chrono::steady_clock::now() - start;
    INFO(result.out << result.err);
    CHECK(result.exit_code == exit_code::refused);
    CHECK_THAT(result.out, Catch::Contains("step 1/1 (+ column t.c) waited 400ms (lock_timeout) "
                                           "for AccessExclusiveLock on in_use.t, held by pid " +
                                           holder_pid));
    CHECK_THAT(result.out, Catch::Contains("retry 1 of 2 in 1s"));
    CHECK_THAT(result.out, Catch::Contains("retry 2 of 2 in 2s"));
    CHECK_THAT(result.err, Catch::Contains("step 1/1 (+ column t.c) could not take its lock within "
                                           "--lock-timeout 400ms, in 3 tries"));
    CHECK_THAT(result.err, Catch::Contains("It waited for AccessExclusiveLock on in_use.t"));
    CHECK_THAT(result.err, Catch::Contains("pid " + holder_pid + " (the blocker"));
    CHECK_THAT(result.err, Catch::Contains("idle in transaction"));
    CHECK_THAT(result.err,
               Catch::Contains("SELECT count(*) FROM in_use.t /* keeps ACCESS SHARE */"));
    CHECK_THAT(result.err, Catch::Contains("nothing of it was applied"));
    CHECK(took >= 3s);  // 1 s, then 2 s between the tries
    CHECK_FALSE(column_exists(db.conn(), kInUseProject, "t", "c"));
    CHECK(applied_count(db.conn(), kInUseProject) == 1);
  }
  SECTION("the project's [apply] settings, and the command line's over them") {
    const auto declaration = ws.root() / "schemas" / "in_use.toml";
    std::ofstream(declaration) << "[apply]\nlock_timeout = \"300ms\"\nlock_retries = 0\n";
    const auto project = run_recon(base);
    INFO(project.err);
    CHECK(project.exit_code == exit_code::refused);
    CHECK_THAT(project.err, Catch::Contains("within --lock-timeout 300ms, in 1 try "));
    const auto flags = run_recon(with(base, {"--lock-timeout", "200ms", "--lock-retries", "1"}));
    INFO(flags.err);
    CHECK(flags.exit_code == exit_code::refused);
    CHECK_THAT(flags.err, Catch::Contains("within --lock-timeout 200ms, in 2 tries "));
    std::ofstream(declaration) << "[apply]\nlock_timeout = \"5 seconds\"\n";
    const auto bad = run_recon(base);
    CHECK(bad.exit_code == exit_code::invalid_input);
    CHECK_THAT(bad.err,
               Catch::Contains("in_use.toml:2:16: [apply] lock_timeout: invalid duration"));
  }
  SECTION("applied by a retry once the holder lets go") {
    const auto out = ws.root() / "apply.out";
    const auto err = ws.root() / "apply.err";
    const pid_t pid =
        spawn_recon(with(base, {"--lock-timeout", "400ms", "--lock-retries", "5"}), out, err);
    CHECK(
        eventually([&] { return read_text(out).find("retry 1 of 5") != std::string::npos; }, 10s));
    hold.commit();
    const int code = wait_for(pid);
    INFO(read_text(out) << read_text(err));
    CHECK(code == 0);
    CHECK(column_exists(db.conn(), kInUseProject, "t", "c"));
    CHECK(applied_count(db.conn(), kInUseProject) == 2);
  }
}

namespace {

struct Stopped {
  int code = 0;
  std::string out;
  std::string err;
  std::chrono::milliseconds statement_ended{};  // after the signal
};

// Revision 1: schema, table t, a long statement (transactional or not), table u. recon applies
// it, and gets `signal` while the long statement runs, once its line `started` is printed.
Stopped stop_in_long_statement(const TempWorkspace& ws, TestDatabase& db, bool transactional,
                               int signal, const std::string& started) {
  ChainBuilder chain(ws, kInUseProject, kInUseProject);
  chain.add("initial", {make_step("+ schema in_use", "CREATE SCHEMA IF NOT EXISTS in_use;"),
                        make_step("+ table t", "CREATE TABLE t (id int PRIMARY KEY);"),
                        make_step("~ long statement", kLongStatement, {}, transactional),
                        make_step("+ table u", "CREATE TABLE u (id int REFERENCES t);")});
  exec(db.conn(), "CREATE TABLE public.recon_test_sleep ()");
  const auto out = ws.root() / "apply.out";
  const auto err = ws.root() / "apply.err";
  const pid_t pid = spawn_recon(apply_args(ws, db), out, err);
  REQUIRE(eventually([&] { return exists(db.conn(), kSleeping); }, 20s));
  // The step's line is there while it runs (output to a file: not a terminal).
  CHECK_THAT(read_text(out), Catch::Contains(started));
  ::kill(pid, signal);
  const auto sent = std::chrono::steady_clock::now();
  CHECK(eventually([&] { return !exists(db.conn(), kSleeping); }, 5s));
  Stopped result;
  result.statement_ended = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - sent);
  result.code = wait_for(pid);
  result.out = read_text(out);
  result.err = read_text(err);
  wait_for_sessions_to_end(db.conn(), "recon apply");
  exec(db.conn(), "DROP TABLE public.recon_test_sleep");
  return result;
}

}  // namespace

TEST_CASE("Ctrl-C during a long statement cancels it on the server and rolls back",
          "[apply][interrupt]") {
  TempWorkspace ws;
  TestDatabase db;
  const auto stopped = stop_in_long_statement(
      ws, db, true, SIGINT, "apply in_use 0001_initial: steps 2-4/4 (sent together) ...\n");
  INFO(stopped.out << stopped.err);
  CHECK(stopped.statement_ended < 1s);
  CHECK(stopped.code == exit_code::interrupted_base + SIGINT);
  CHECK_THAT(stopped.err, Catch::Contains("cancelling the statement under way"));
  CHECK_THAT(stopped.err, Catch::Contains("interrupted: revision 0001_initial"));
  CHECK_THAT(stopped.err, Catch::Contains("It was rolled back: nothing of it was applied."));
  CHECK_FALSE(apply::lock_holder(db.conn(), kInUseProject));
  CHECK_FALSE(relation_exists(db.conn(), kInUseProject, "t"));
  CHECK(applied_count(db.conn(), kInUseProject) == 0);

  // A second run applies it.
  const auto again = run_recon(apply_args(ws, db));
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(relation_exists(db.conn(), kInUseProject, "u"));
  CHECK(applied_count(db.conn(), kInUseProject) == 1);
}

TEST_CASE("SIGTERM during a non-transactional step: the steps before it stay, a rerun resumes",
          "[apply][interrupt]") {
  TempWorkspace ws;
  TestDatabase db;
  const auto stopped = stop_in_long_statement(
      ws, db, false, SIGTERM, "apply in_use 0001_initial: step 3/4 ~ long statement ...\n");
  INFO(stopped.out << stopped.err);
  CHECK(stopped.statement_ended < 1s);
  CHECK(stopped.code == exit_code::interrupted_base + SIGTERM);
  CHECK_THAT(stopped.err, Catch::Contains("Step 3 runs outside any transaction and was cancelled"));
  CHECK_THAT(stopped.err, Catch::Contains("Steps 1-2 of 4, done before it, stay applied."));
  CHECK(relation_exists(db.conn(), kInUseProject, "t"));
  CHECK_FALSE(relation_exists(db.conn(), kInUseProject, "u"));

  const auto again = run_recon(apply_args(ws, db));
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("resuming after step 2/4"));
  CHECK(relation_exists(db.conn(), kInUseProject, "u"));
  CHECK(applied_count(db.conn(), kInUseProject) == 1);
}

TEST_CASE("a killed recon's statement is ended by the server, which frees the lock",
          "[apply][interrupt]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kInUseProject, kInUseProject);
  chain.add("initial", {make_step("+ schema in_use", "CREATE SCHEMA IF NOT EXISTS in_use;"),
                        make_step("~ long statement", kLongStatement)});
  TestDatabase db;
  exec(db.conn(), "CREATE TABLE public.recon_test_sleep ()");
  const auto out = ws.root() / "apply.out";
  const auto err = ws.root() / "apply.err";
  const pid_t pid = spawn_recon(apply_args(ws, db), out, err);
  REQUIRE(eventually([&] { return exists(db.conn(), kSleeping); }, 20s));
  ::kill(pid, SIGKILL);
  wait_for(pid);
  // client_connection_check_interval (1 s): the server notices the client is gone.
  CHECK(eventually([&] { return !apply::lock_holder(db.conn(), kInUseProject); }, 3s));
  CHECK_FALSE(exists(db.conn(), kSleeping));
}

TEST_CASE("the lock held by a recon session whose client is gone is named, with how to end it",
          "[apply][locks]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kInUseProject, kInUseProject);
  chain.add("initial", {make_step("+ schema in_use", "CREATE SCHEMA IF NOT EXISTS in_use;")});
  TestDatabase db;
  // What a recon stuck in a transaction looks like: its name, the lock, idle in transaction.
  auto left_over = db.connect();
  exec(*left_over, "SET application_name TO '" + kApplication + "'");
  pqxx::work stuck(*left_over);
  stuck.exec("SELECT pg_advisory_lock(" + std::to_string(apply::lock_key(kInUseProject)) + ")");
  std::this_thread::sleep_for(5500ms);  // recon calls it gone after 5 s idle in a transaction
  const auto result = run_recon(with(apply_args(ws, db), {"--lock-timeout", "300ms"}));
  INFO(result.err);
  CHECK(result.exit_code == exit_code::refused);
  const std::string pid = std::to_string(left_over->backendpid());
  CHECK_THAT(result.err, Catch::Contains("locked by pid " + pid + " (" + kApplication));
  CHECK_THAT(result.err, Catch::Contains("idle in transaction"));
  CHECK_THAT(result.err, Catch::Contains("Its client looks gone"));
  CHECK_THAT(result.err, Catch::Contains("SELECT pg_terminate_backend(" + pid + ")"));
  CHECK(applied_count(db.conn(), kInUseProject) == 0);
}

TEST_CASE("a long CREATE INDEX CONCURRENTLY shows its phase while it runs", "[apply][progress]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kInUseProject, kInUseProject);
  chain.add(
      "initial",
      {make_step("+ schema in_use", "CREATE SCHEMA IF NOT EXISTS in_use;"),
       make_step("+ table t", "CREATE TABLE t (id int PRIMARY KEY, c int);"),
       make_step("+ rows t", "INSERT INTO t SELECT g, g % 10 FROM generate_series(1, 100) g;")});
  chain.add("index", {make_step("+ index t_c_idx", "CREATE INDEX CONCURRENTLY t_c_idx ON t (c);",
                                {}, false)});
  TestDatabase db;
  const auto base = apply_args(ws, db);
  REQUIRE(run_recon(with(base, {"--to", "1"})).exit_code == 0);
  // A writer in an open transaction: the build waits for it before it starts.
  auto writer = db.connect();
  pqxx::work writing(*writer);
  writing.exec("INSERT INTO in_use.t VALUES (1000, 1)");
  const auto out = ws.root() / "apply.out";
  const auto err = ws.root() / "apply.err";
  const pid_t pid = spawn_recon(with(base, {"--lock-timeout", "30s"}), out, err);
  CHECK(eventually(
      [&] { return read_text(out).find("waiting for writers before build") != std::string::npos; },
      15s));
  writing.commit();
  const int code = wait_for(pid);
  const std::string text = read_text(out);
  INFO(text << read_text(err));
  CHECK(code == 0);
  CHECK_THAT(text, Catch::Contains("apply in_use 0002_index: step 1/1 + index t_c_idx ...\n"));
  // Not a terminal: a line every 5 s, with the time so far, the phase and who it waits for.
  CHECK_THAT(text, Catch::Contains("apply in_use 0002_index: step 1/1 + index t_c_idx ... 5."));
  CHECK_THAT(text, Catch::Contains("waiting for writers before build, 0 of 1 transactions"));
  CHECK_THAT(text,
             Catch::Contains("(blocked by pid " + std::to_string(writer->backendpid()) + ")"));
  CHECK(exists(db.conn(),
               "SELECT 1 FROM pg_index WHERE indexrelid = 'in_use.t_c_idx'::regclass AND "
               "indisvalid"));
}
