// The apply stage's pure parts: durations, hazard gating, lock keys, CREATE INDEX CONCURRENTLY
// recognition, the script a dry run prints, lock retry pauses, and progress lines.

#include <catch2/catch.hpp>

#include <cstdio>
#include <functional>

#include "apply/advisory_lock.hpp"
#include "apply/concurrent_index.hpp"
#include "apply/duration.hpp"
#include "apply/executor.hpp"
#include "apply/hazard_gate.hpp"
#include "apply/progress.hpp"
#include "apply/step_monitor.hpp"
#include "apply/version_table.hpp"

using namespace recon;
using namespace recon::apply;
using namespace std::chrono_literals;

TEST_CASE("durations take a unit", "[apply]") {
  CHECK(parse_duration("10s") == 10s);
  CHECK(parse_duration("500ms") == 500ms);
  CHECK(parse_duration("2m") == 2min);
  CHECK(parse_duration("1h") == 1h);
  CHECK(parse_duration("0") == 0ms);
  CHECK_THROWS_AS(parse_duration("10"), std::invalid_argument);
  CHECK_THROWS_AS(parse_duration(""), std::invalid_argument);
  CHECK_THROWS_AS(parse_duration("1.5s"), std::invalid_argument);
  CHECK_THROWS_AS(parse_duration("-1s"), std::invalid_argument);
  CHECK_THROWS_AS(parse_duration("99999999999999s"), std::invalid_argument);
  CHECK(format_duration(10s) == "10s");
  CHECK(format_duration(300ms) == "300ms");
  CHECK(format_duration(2min) == "2m");
}

TEST_CASE("hazards are allowed by name, data-loss is refused by default", "[apply]") {
  CHECK(parse_allowed_hazards("") == std::set<std::string>{});
  CHECK(parse_allowed_hazards(" data-loss , table-rewrite") ==
        std::set<std::string>{"data-loss", "table-rewrite"});
  CHECK(parse_allowed_hazards("all") == std::set<std::string>{"all"});
  CHECK_THROWS_WITH(parse_allowed_hazards("data_loss"), Catch::Contains("did you mean"));

  Revision r;
  r.number = 3;
  r.slug = "cleanup";
  r.plan.steps = {
      {"- column t.a", "ALTER TABLE t DROP COLUMN a;", {{"data-loss", "drops t.a"}}, true},
      {"~ column t.b: type",
       "ALTER TABLE t ALTER b TYPE bigint;",
       {{"table-rewrite", "rewrites t"}},
       true},
      {"~ future", "SELECT 1;", {{"brand-new-kind", "?"}}, true},
  };
  const auto blocked = blocked_steps(r, {});
  REQUIRE(blocked.size() == 2);
  CHECK(blocked[0].step == 1);
  CHECK(blocked[0].hazards[0].kind == "data-loss");
  CHECK(blocked[1].step == 3);  // unknown kinds are refused too
  CHECK(blocked_steps(r, {"data-loss"}).size() == 1);
  CHECK(blocked_steps(r, {"all"}).empty());
  CHECK(hazard_kinds(r) ==
        std::vector<std::string>{"data-loss", "table-rewrite", "brand-new-kind"});
}

// Pinned: two recon processes (of any version) applying to one schema must compute the same
// key, or they would not exclude each other. The first 8 bytes of sha256("recon:" + schema).
TEST_CASE("the lock key is the same for a schema in every process", "[apply]") {
  CHECK(lock_key("00_personal_todo") == -7229251163537660863);
  CHECK(lock_key("billing") == 1408233219077249795);
  CHECK(lock_key("00_personal_todo") != lock_key("01_user_auth_todo"));
  CHECK(AdvisoryLock::try_lock_sql("billing") ==
        "SELECT pg_try_advisory_lock(" + std::to_string(lock_key("billing")) + ")");
}

TEST_CASE("CREATE INDEX CONCURRENTLY statements are recognized", "[apply]") {
  CHECK(concurrent_index_name("CREATE INDEX CONCURRENTLY ix_a ON t (a);") == "ix_a");
  CHECK(concurrent_index_name("create unique index concurrently if not exists IX ON t (a);") ==
        "ix");
  CHECK(concurrent_index_name("CREATE INDEX CONCURRENTLY \"Odd \"\"ix\"\"\" ON t (a);") ==
        "Odd \"ix\"");
  CHECK_FALSE(concurrent_index_name("CREATE INDEX ix_a ON t (a);"));
  CHECK_FALSE(concurrent_index_name("DROP INDEX CONCURRENTLY ix_a;"));
}

TEST_CASE("the dry-run script of a revision with a non-transactional step", "[apply]") {
  Revision r;
  r.number = 2;
  r.slug = "index_titles";
  r.checksum = "sha256:" + std::string(64, 'c');
  r.parent_number = 1;
  r.parent_checksum = "sha256:" + std::string(64, 'p');
  r.plan.schema = "00_todo";
  r.plan.source_fingerprint = "sha256:" + std::string(64, '1');
  r.plan.target_fingerprint = "sha256:" + std::string(64, '2');
  r.plan.steps = {
      {"+ column todos.rank", "ALTER TABLE todos ADD COLUMN rank int;", {}, true},
      {"+ index ix", "CREATE INDEX CONCURRENTLY ix ON todos (rank);", {}, false},
  };
  RevisionRun run;
  run.project = "00_todo";
  run.schema = "00_todo";
  run.revision = &r;
  run.version_table_exists = true;
  const std::string script = revision_script(run);
  CHECK(script ==
        "-- revision 0002_index_titles (2 steps)\n"
        "BEGIN;\n"
        "SET LOCAL search_path TO \"00_todo\";\n"
        "-- step 1/2: + column todos.rank\n"
        "ALTER TABLE todos ADD COLUMN rank int;\n" +
            insert_partial_sql("00_todo", r, 1) +
            ";\n"
            "COMMIT;\n"
            "-- when an interrupted run left the index invalid, recon first runs: DROP INDEX "
            "CONCURRENTLY IF EXISTS \"00_todo\".ix;\n"
            "SET search_path TO \"00_todo\";\n"
            "-- step 2/2: + index ix\n"
            "CREATE INDEX CONCURRENTLY ix ON todos (rank);\n"
            "BEGIN;\n"
            "-- recon checks here that the schema's fingerprint is " +
            r.plan.target_fingerprint + " (else ROLLBACK)\n" +
            complete_partial_sql("00_todo", 2, 2) +
            ";\n"
            "COMMIT;\n");

  // Starting with a non-transactional step: the partial row is committed first.
  std::swap(r.plan.steps[0], r.plan.steps[1]);
  const std::string swapped = revision_script(run);
  CHECK(swapped.find(insert_partial_sql("00_todo", r, 0)) <
        swapped.find("CREATE INDEX CONCURRENTLY"));
  CHECK(swapped.find("CREATE INDEX CONCURRENTLY") <
        swapped.find(update_progress_sql("00_todo", 2, 1)));
  CHECK_THAT(insert_partial_sql("00_todo", r),
             Catch::StartsWith("INSERT INTO \"00_todo\".recon_revisions"));
}

TEST_CASE("a lock wait that timed out is retried after pauses that double, up to 10 s", "[apply]") {
  CHECK(lock_retry_delay(1) == 1s);
  CHECK(lock_retry_delay(2) == 2s);
  CHECK(lock_retry_delay(3) == 4s);
  CHECK(lock_retry_delay(4) == 8s);
  CHECK(lock_retry_delay(5) == 10s);
  CHECK(lock_retry_delay(100) == 10s);
}

TEST_CASE("what Postgres reports of a long step, in words", "[apply]") {
  CHECK(progress_detail("building index: scanning table", 1234, 5678, "blocks") ==
        "building index: scanning table, 1234 of 5678 blocks (21%)");
  CHECK(progress_detail("waiting for writers before build", 0, 1, "transactions") ==
        "waiting for writers before build, 0 of 1 transactions (0%)");
  CHECK(progress_detail("initializing", 0, 0, "blocks") == "initializing");
}

namespace {

// What ConsoleProgress writes, not on a terminal.
std::string written(const std::function<void(Progress&)>& calls) {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    ConsoleProgress progress(file, false);
    calls(progress);
  }
  std::string out;
  std::rewind(file);
  for (int c = std::fgetc(file); c != EOF; c = std::fgetc(file))
    out.push_back(static_cast<char>(c));
  std::fclose(file);
  return out;
}

}  // namespace

TEST_CASE("not on a terminal, a step prints a line when it starts, and every 5 s while it runs",
          "[apply]") {
  const std::vector<Step> steps = {{"+ table a", "CREATE TABLE a ();", {}, true},
                                   {"+ index a_i", "CREATE INDEX CONCURRENTLY ...", {}, false},
                                   {"+ table b", "CREATE TABLE b ();", {}, true}};
  SECTION("a short step: its start and end lines only") {
    CHECK(written([&](Progress& p) {
            p.revision_started("p", 1, "initial", 3);
            p.step_started(2, 3, "+ index a_i");
            p.still_running(100ms, "");
            p.still_running(2600ms, "building index: scanning table");
            p.step_finished(2, 3, "+ index a_i", 2700ms, false);
          }) ==
          "apply p 0001_initial: step 2/3 + index a_i ...\n"
          "apply p 0001_initial: step 2/3 + index a_i ... 2700 ms\n");
  }
  SECTION("a long step: a line every 5 s with the time and what Postgres reports") {
    CHECK(written([&](Progress& p) {
            p.revision_started("p", 1, "initial", 3);
            p.step_started(2, 3, "+ index a_i");
            p.still_running(4900ms, "x");
            p.still_running(5100ms, "building index: scanning table, 1 of 4 blocks (25%)");
            p.still_running(9000ms, "y");
            p.still_running(10'200ms, "");
            p.step_finished(2, 3, "+ index a_i", 11'000ms, false);
            p.still_running(15'000ms, "too late: the step ended");
          }) ==
          "apply p 0001_initial: step 2/3 + index a_i ...\n"
          "apply p 0001_initial: step 2/3 + index a_i ... 5.1 s, building index: scanning table, "
          "1 of 4 blocks (25%)\n"
          "apply p 0001_initial: step 2/3 + index a_i ... 10.2 s\n"
          "apply p 0001_initial: step 2/3 + index a_i ... 11000 ms\n");
  }
  SECTION("steps sent together: one line when they start, one per step when they end") {
    CHECK(written([&](Progress& p) {
            p.revision_started("p", 1, "initial", 3);
            p.steps_started(1, 3, steps);
            p.steps_finished(1, 3, steps, 7ms);
            p.revision_finished(9ms);
          }) ==
          "apply p 0001_initial: steps 1-3/3 (sent together) ...\n"
          "apply p 0001_initial: step 1/3 + table a ... ok\n"
          "apply p 0001_initial: step 2/3 + index a_i ... ok\n"
          "apply p 0001_initial: step 3/3 + table b ... ok, steps 1-3 in 7 ms\n"
          "apply p 0001_initial: applied in 9 ms (3 steps)\n");
  }
}
