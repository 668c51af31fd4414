// recon apply, status and history as a user runs them: the recon binary as a subprocess
// (RECON_BINARY), killed at random moments, racing another recon, and with its exit codes.

#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "apply/advisory_lock.hpp"
#include "catalog/identifier.hpp"
#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"

using namespace recon;
using namespace recon::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string kSlowProject = "01_slow";
const std::string kSlowSchema = "01_slow";

// Revision 1 creates three tables around a pause, so that a kill can land in the middle.
void build_slow_chain(ChainBuilder& chain, const std::string& pause) {
  chain.add("initial", {make_step("+ schema 01_slow", "CREATE SCHEMA IF NOT EXISTS \"01_slow\";"),
                        make_step("+ table a", "CREATE TABLE a (id int PRIMARY KEY);"),
                        make_step("+ rows a", "INSERT INTO a SELECT generate_series(1, 1000);"),
                        make_step("~ wait", "SELECT pg_sleep(" + pause + ");"),
                        make_step("+ table b", "CREATE TABLE b (id int REFERENCES a);"),
                        make_step("~ wait again", "SELECT pg_sleep(" + pause + ");"),
                        make_step("+ table c", "CREATE TABLE c (id int);")});
}

std::vector<std::string> common(const TempWorkspace& ws, const TestDatabase& db) {
  return {"--root", ws.root().string(), "--db", db.url(), "--dev-url", server_url()};
}

std::vector<std::string> args(std::vector<std::string> head, std::vector<std::string> tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

}  // namespace

// Someone running integration_tests by hand without RECON_BINARY gets failures that say why,
// not CLI tests counted as passed without having run.
TEST_CASE("without RECON_BINARY a CLI test fails, saying what to set", "[apply][cli]") {
  const std::string binary = recon_binary();
  ::unsetenv("RECON_BINARY");
  std::string message;
  try {
    run_recon({"version"});
  } catch (const std::exception& e) {
    message = e.what();
  }
  ::setenv("RECON_BINARY", binary.c_str(), 1);
  CHECK_THAT(message, Catch::Contains("RECON_BINARY is not set"));
  CHECK(run_recon({"version"}).exit_code == 0);
}

TEST_CASE("recon apply killed at random moments: the revision is recorded iff it is there",
          "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kSlowProject, kSlowSchema);
  build_slow_chain(chain, "0.1");
  std::mt19937 random(20261123);
  const auto out = ws.root() / "out.txt";
  const auto err = ws.root() / "err.txt";
  // How long a whole run takes here (a sanitizer build starts slower): kills are spread over
  // it, from before the connection to after the commit.
  std::chrono::milliseconds full_run{};
  {
    TestDatabase db;
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(run_recon(args(common(ws, db), {"apply", kSlowProject})).exit_code == 0);
    full_run = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
  }
  int recorded = 0;
  int not_recorded = 0;
  int mid_revision = 0;
  constexpr int kTrials = 20;
  for (int trial = 0; trial < kTrials; ++trial) {
    TestDatabase db;
    const pid_t pid = spawn_recon(args(common(ws, db), {"apply", kSlowProject}), out, err);
    std::chrono::milliseconds delay{};
    if (trial % 2 == 0) {
      // Anywhere in the run: before connecting, while locking, in the steps, after the commit.
      delay = std::chrono::milliseconds(std::uniform_int_distribution<long long>(
          0, full_run.count() + full_run.count() / 5)(random));
    } else {
      // Once the revision's transaction has written something (it has an xid): in its steps,
      // or around its commit.
      pqxx::nontransaction n(db.conn());
      for (int i = 0; i < 1000; ++i) {
        if (!n.exec("SELECT 1 FROM pg_stat_activity WHERE application_name = 'recon apply " +
                    kSlowProject + "' AND backend_xid IS NOT NULL")
                 .empty())
          break;
        std::this_thread::sleep_for(5ms);
      }
      delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 300)(random));
    }
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    const int code = wait_for(pid);
    {
      // Killed inside the revision's transaction: its backend is still in it (in pg_sleep).
      pqxx::nontransaction n(db.conn());
      if (!n.exec("SELECT 1 FROM pg_stat_activity WHERE application_name = 'recon apply " +
                  kSlowProject + "' AND xact_start IS NOT NULL AND datname = current_database()")
               .empty())
        ++mid_revision;
    }
    wait_for_sessions_to_end(db.conn(), "recon apply");
    INFO("trial " << trial << ", killed after " << delay.count() << " ms, exit " << code
                  << ", stderr: " << read_text(err));
    const int rows = applied_count(db.conn(), kSlowSchema);
    const bool a = relation_exists(db.conn(), kSlowSchema, "a");
    const bool b = relation_exists(db.conn(), kSlowSchema, "b");
    const bool c = relation_exists(db.conn(), kSlowSchema, "c");
    CHECK(rows == (a ? 1 : 0));
    CHECK(a == b);
    CHECK(b == c);
    (rows == 1 ? recorded : not_recorded)++;
    // Whatever happened, a new run finishes the job (checked once for each kind of kill).
    if (trial < 2) {
      const auto result = run_recon(args(common(ws, db), {"apply", kSlowProject}));
      CHECK(result.exit_code == 0);
      CHECK(applied_count(db.conn(), kSlowSchema) == 1);
      CHECK(relation_exists(db.conn(), kSlowSchema, "c"));
    }
  }
  // Kills landed inside the revision's transaction, and some runs were rolled back.
  CHECK(not_recorded > 0);
  CHECK(mid_revision > 0);
  WARN("kill trials: " << recorded << " committed, " << not_recorded << " not (" << mid_revision
                       << " killed inside the revision's transaction)");
}

// The revision of the first apply stops at a gate (an advisory lock that the test holds) while
// it holds recon's lock: the second apply meets it there however slowly either process starts.
constexpr const char* kGate = "20261205";

void build_gated_chain(ChainBuilder& chain) {
  chain.add("initial", {make_step("+ schema 01_slow", "CREATE SCHEMA IF NOT EXISTS \"01_slow\";"),
                        make_step("+ table a", "CREATE TABLE a (id int PRIMARY KEY);"),
                        make_step("+ rows a", "INSERT INTO a SELECT generate_series(1, 1000);"),
                        make_step("~ gate", std::string("SELECT pg_advisory_xact_lock_shared(") +
                                                kGate + ");"),
                        make_step("+ table b", "CREATE TABLE b (id int REFERENCES a);"),
                        make_step("~ wait", "SELECT pg_sleep(0.1);"),
                        make_step("+ table c", "CREATE TABLE c (id int);")});
}

bool wait_for_text(const fs::path& file, const std::string& text) {
  for (int i = 0; i < 3000; ++i) {
    if (fs::exists(file) && read_text(file).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

// Closes the gate on `gate`, starts an apply (first.out, first.err) and returns once it holds
// recon's lock: it then waits at the gate until the test opens it.
pid_t start_at_gate(const TempWorkspace& ws, TestDatabase& db, pqxx::connection& gate) {
  pqxx::nontransaction(gate).exec(std::string("SELECT pg_advisory_lock(") + kGate + ")");
  const pid_t first =
      spawn_recon(args(common(ws, db), {"apply", kSlowProject, "--lock-timeout", "120s"}),
                  ws.root() / "first.out", ws.root() / "first.err");
  for (int i = 0; i < 3000 && !apply::lock_holder(db.conn(), kSlowSchema); ++i)
    std::this_thread::sleep_for(10ms);
  REQUIRE(apply::lock_holder(db.conn(), kSlowSchema));
  return first;
}

TEST_CASE("two concurrent applies: one applies, the other waits and finds it applied", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kSlowProject, kSlowSchema);
  build_gated_chain(chain);
  TestDatabase db;
  auto gate = db.connect();
  const auto open_gate = [&] {
    pqxx::nontransaction(*gate).exec(std::string("SELECT pg_advisory_unlock(") + kGate + ")");
  };
  const auto first_out = ws.root() / "first.out";
  const pid_t first = start_at_gate(ws, db, *gate);

  SECTION("a short --lock-timeout fails, naming the holder") {
    const auto second =
        run_recon(args(common(ws, db), {"apply", kSlowProject, "--lock-timeout", "300ms"}));
    open_gate();
    CHECK(second.exit_code == exit_code::refused);
    CHECK_THAT(second.err, Catch::Contains("locked by pid "));
    CHECK_THAT(second.err, Catch::Contains("recon apply 01_slow"));
    CHECK_THAT(second.err, Catch::Contains("300ms"));
    CHECK(wait_for(first) == 0);
  }
  SECTION("the default --lock-timeout waits, then finds nothing to do") {
    const auto second_out = ws.root() / "second.out";
    const auto second_err = ws.root() / "second.err";
    const pid_t second =
        spawn_recon(args(common(ws, db), {"apply", kSlowProject}), second_out, second_err);
    const bool waiting = wait_for_text(second_out, "waiting for the lock");
    open_gate();
    CHECK(waiting);
    CHECK(wait_for(first) == 0);
    CHECK(wait_for(second) == 0);
    INFO(read_text(second_err));
    CHECK_THAT(read_text(second_out), Catch::Contains("up to date at 0001_initial"));
    CHECK_THAT(read_text(first_out), Catch::Contains("step 7/7 + table c"));
  }
  CHECK(applied_count(db.conn(), kSlowSchema) == 1);
}

// Replicas that all apply on start-up (docs/startup.md): the first holds recon's lock at the
// gate for longer than the others' --lock-timeout; with --wait-lock they wait it out, then find
// nothing to do and exit 0. Without it, one gives up after --lock-timeout (exit 4).
TEST_CASE("replicas starting at once: --wait-lock waits past --lock-timeout, then finds it applied",
          "[apply][startup]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kSlowProject, kSlowSchema);
  build_gated_chain(chain);
  TestDatabase db;
  auto gate = db.connect();
  const pid_t first = start_at_gate(ws, db, *gate);

  constexpr int kReplicas = 3;
  std::vector<pid_t> replicas;
  for (int i = 0; i < kReplicas; ++i)
    replicas.push_back(spawn_recon(
        args(common(ws, db), {"apply", kSlowProject, "--lock-timeout", "1s", "--wait-lock"}),
        ws.root() / fmt::format("replica{}.out", i), ws.root() / fmt::format("replica{}.err", i)));
  bool all_waiting = true;
  for (int i = 0; i < kReplicas; ++i)
    all_waiting =
        wait_for_text(ws.root() / fmt::format("replica{}.out", i), "waiting for the lock") &&
        all_waiting;
  // What a replica did before --wait-lock: give up after --lock-timeout, naming the holder.
  const auto impatient =
      run_recon(args(common(ws, db), {"apply", kSlowProject, "--lock-timeout", "1s"}));
  std::this_thread::sleep_for(1500ms);  // the replicas wait past their 1 s --lock-timeout
  pqxx::nontransaction(*gate).exec(std::string("SELECT pg_advisory_unlock(") + kGate + ")");

  CHECK(all_waiting);
  CHECK(impatient.exit_code == exit_code::refused);
  CHECK_THAT(impatient.err, Catch::Contains("locked by pid "));
  CHECK(wait_for(first) == 0);
  for (int i = 0; i < kReplicas; ++i) {
    INFO("replica " << i << ": " << read_text(ws.root() / fmt::format("replica{}.err", i)));
    CHECK(wait_for(replicas[i]) == 0);
    const std::string out = read_text(ws.root() / fmt::format("replica{}.out", i));
    CHECK_THAT(out, Catch::Contains("until it is free (--wait-lock)"));
    CHECK_THAT(out, Catch::Contains("up to date at 0001_initial"));
  }
  CHECK(applied_count(db.conn(), kSlowSchema) == 1);
}

TEST_CASE("recon apply, status and history from the command line", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kSlowProject, kSlowSchema);
  build_slow_chain(chain, "0");
  chain.add("drop_c", {make_step("- table c", "DROP TABLE c;",
                                 {{hazard::data_loss, "drops table c and its rows"}})});
  TestDatabase db;
  const auto base = common(ws, db);

  auto status = run_recon(args(base, {"status", "--detailed-exitcode"}));
  CHECK(status.exit_code == exit_code::changes);
  CHECK_THAT(status.out, Catch::Contains("0002_drop_c (1 step)  [data-loss]"));

  const auto dry = run_recon(args(base, {"apply", "--dry-run", "--allow-hazards", "all"}));
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.out, Catch::Contains("SET LOCAL search_path TO \"01_slow\";"));
  CHECK_THAT(dry.out, Catch::Contains("DROP TABLE c;"));
  CHECK(applied_count(db.conn(), kSlowSchema) == 0);

  const auto refused = run_recon(args(base, {"apply"}));
  CHECK(refused.exit_code == exit_code::refused);
  CHECK_THAT(refused.err, Catch::Contains("--allow-hazards data-loss"));

  const auto to1 = run_recon(args(base, {"apply", "--to", "1"}));
  CHECK(to1.exit_code == 0);
  CHECK_THAT(to1.out, Catch::Contains("apply 01_slow 0001_initial: step 3/7 + rows a ... "));
  CHECK_THAT(to1.out, Catch::Contains("apply 01_slow 0001_initial: applied in "));

  const auto applied =
      run_recon(args(base, {"apply", kSlowProject, "--allow-hazards", "data-loss"}));
  CHECK(applied.exit_code == 0);
  CHECK_FALSE(relation_exists(db.conn(), kSlowSchema, "c"));

  status = run_recon(args(base, {"--format", "json", "status", "--detailed-exitcode"}));
  CHECK(status.exit_code == 0);
  const auto json = nlohmann::json::parse(status.out);
  CHECK(json["projects"][0]["up_to_date"] == true);
  CHECK(json["projects"][0]["last_applied"]["number"] == 2);

  const auto history = run_recon(args(base, {"history", kSlowProject}));
  CHECK(history.exit_code == 0);
  CHECK_THAT(history.out, Catch::Contains("0001_initial"));
  CHECK_THAT(history.out, Catch::Contains("0002_drop_c"));
  const auto history_json = run_recon(args(base, {"--format", "json", "history", kSlowProject}));
  CHECK(nlohmann::json::parse(history_json.out)["revisions"].size() == 2);

  {
    pqxx::work w(db.conn());
    w.exec("CREATE TABLE \"01_slow\".d (x int)");
    w.commit();
  }
  status = run_recon(args(base, {"status", "--detailed-exitcode"}));
  CHECK(status.exit_code == exit_code::changes);
  CHECK_THAT(status.out, Catch::Contains("drift:    the live schema differs"));

  const auto unknown = run_recon(args(base, {"apply", "nope"}));
  CHECK(unknown.exit_code == exit_code::invalid_input);
  const auto bad_timeout = run_recon(args(base, {"apply", "--lock-timeout", "10"}));
  CHECK(bad_timeout.exit_code == exit_code::invalid_input);
  const auto bad_hazard = run_recon(args(base, {"apply", "--allow-hazards", "data-los"}));
  CHECK(bad_hazard.exit_code == exit_code::invalid_input);
  CHECK_THAT(bad_hazard.err, Catch::Contains("did you mean 'data-loss'"));
}

TEST_CASE("the database password never appears in apply's output", "[apply]") {
  TempWorkspace ws;
  ChainBuilder chain(ws, kSlowProject, kSlowSchema);
  chain.add("initial", {make_step("+ schema 01_slow", "CREATE SCHEMA \"01_slow\";")});
  const std::string url = "postgresql://someone:s3cr3t-pw@127.0.0.1:1/nowhere?connect_timeout=2";
  for (const auto& command : {"apply", "status"}) {
    const auto result = run_recon({"--root", ws.root().string(), "--db", url, command});
    CHECK(result.exit_code == exit_code::error);
    CHECK_FALSE(result.err.empty());
    CHECK(result.err.find("s3cr3t-pw") == std::string::npos);
    CHECK(result.out.find("s3cr3t-pw") == std::string::npos);
  }
}
