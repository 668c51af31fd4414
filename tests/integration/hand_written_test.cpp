// Hand-written steps (`recon plan --with FILE.sql`) end to end through the recon binary, on
// users whose is_active flag becomes a status (docs/data.md): expand, backfill and contract in
// one revision and in three without losing a row, the same bytes when planned twice, a step
// edited after planning caught by verify and apply, anchors that name no step, SQL that changes
// the schema beyond the declaration, --dry-run, tenants, and a batched backfill outside the
// transaction killed half-way that resumes, and plan --replace and rebase planning a revision's
// hand-written steps again. The declarations and SQL files are in data/hand_written/.

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <thread>

#include <pqxx/pqxx>

#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

using namespace recon;
using namespace recon::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

fs::path hand_written_data(const std::string& name) {
  return source_root() / "tests" / "integration" / "data" / "hand_written" / name;
}

// A workspace whose project `app` is declared by a file of data/hand_written/.
struct UsersWorkspace {
  TempWorkspace ws;

  void declare(const std::string& toml) const {
    write_file(ws.root() / "schemas" / "app.toml", read_text(hand_written_data(toml)));
  }

  ProcessResult recon(std::vector<std::string> args) const {
    args.insert(args.begin(),
                {"--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
    return run_recon(args);
  }

  // recon plan app with the hand-written files of data/hand_written/ given.
  ProcessResult plan(const std::string& message, const std::vector<std::string>& sql_files) const {
    std::vector<std::string> args{"plan", "app", "-m", message};
    for (const auto& file : sql_files) {
      args.emplace_back("--with");
      args.push_back(hand_written_data(file).string());
    }
    return recon(args);
  }

  std::vector<fs::path> revisions() const {
    std::vector<fs::path> out;
    if (!fs::exists(ws.plans_dir("app"))) return out;
    for (const auto& e : fs::directory_iterator(ws.plans_dir("app")))
      if (e.path().extension() == ".sql") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }
};

long long users_query(pqxx::connection& conn, const std::string& sql) {
  pqxx::nontransaction txn(conn);
  return txn.exec1(sql)[0].as<long long>();
}

void run_users_sql(pqxx::connection& conn, const std::string& sql) {
  pqxx::nontransaction(conn).exec(sql);
}

// 100 users in `schema`, ids 1..100, every third one inactive.
void insert_users(pqxx::connection& conn, const std::string& schema) {
  run_users_sql(conn,
                "INSERT INTO " + schema +
                    ".users (id, is_active) SELECT g, g % 3 <> 0 FROM generate_series(1, 100) g");
}

// Every user kept, with the status its is_active said (ids 1..100, every third inactive).
void check_statuses(pqxx::connection& conn, const std::string& schema) {
  CHECK(users_query(conn, "SELECT count(*) FROM " + schema + ".users") == 100);
  CHECK(users_query(conn, "SELECT count(*) FROM " + schema +
                              ".users WHERE status = CASE WHEN id % 3 <> 0 THEN 'active' ELSE "
                              "'inactive' END") == 100);
}

bool column_is_not_null(pqxx::connection& conn, const std::string& schema) {
  return users_query(
             conn,
             "SELECT count(*) FROM information_schema.columns WHERE table_schema = '" + schema +
                 "' AND table_name = 'users' AND column_name = 'status' AND is_nullable = 'NO'") ==
         1;
}

}  // namespace

TEST_CASE("expand, backfill and contract in one revision keep every row", "[hand-written][cli]") {
  UsersWorkspace w;
  w.declare("users_is_active.toml");
  REQUIRE(w.recon({"plan"}).exit_code == 0);
  TestDatabase db;
  const auto apply = [&](std::vector<std::string> extra) {
    // The contract drops is_active: allowed, it is what the revision is for.
    std::vector<std::string> args{"--db", db.url(), "apply", "--allow-hazards", "data-loss"};
    args.insert(args.end(), extra.begin(), extra.end());
    return w.recon(args);
  };
  REQUIRE(apply({}).exit_code == 0);
  insert_users(db.conn(), "app");

  w.declare("users_status.toml");
  const auto planned = w.plan("status from is_active", {"backfill_status.sql"});
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  const auto files = w.revisions();
  REQUIRE(files.size() == 2);
  const std::string text = read_text(files[1]);
  // The step where its anchor puts it, the column filled in before it is NOT NULL, and
  // is_active dropped only once status is complete.
  CHECK_THAT(text, Catch::Contains("--   + column users.status\n"
                                   "--   ! sql backfill_status.sql  [hand-written]\n"
                                   "--   ~ column users.status: not null check\n"));
  CHECK_THAT(text, Catch::Contains("--   ~ column users.status: set not null\n"
                                   "--   - column users.is_active  [data-loss]\n"));
  CHECK_THAT(text, Catch::Contains("ALTER TABLE users ADD COLUMN status text;\n"));
  CHECK_THAT(text, Catch::Contains("-- hazard hand-written: "));

  SECTION("planned again from the same inputs, the same bytes") {
    fs::remove(files[1]);
    REQUIRE(w.plan("status from is_active", {"backfill_status.sql"}).exit_code == 0);
    CHECK(read_text(files[1]) == text);
  }

  SECTION("shown for review with its hazard") {
    const auto json = w.recon({"show", files[1].string(), "--format", "json"});
    INFO(json.out << json.err);
    CHECK_THAT(json.out, Catch::Contains("\"kind\": \"hand-written\""));
    const auto markdown = w.recon({"show", files[1].string(), "--format", "markdown"});
    CHECK_THAT(markdown.out, Catch::Contains("hand-written"));
  }

  SECTION("a dry run prints the step and changes nothing, the apply keeps every row") {
    const auto dry = apply({"--dry-run"});
    INFO(dry.out << dry.err);
    CHECK(dry.exit_code == 0);
    CHECK_THAT(dry.out, Catch::Contains("UPDATE users SET status = CASE WHEN is_active"));
    CHECK_FALSE(column_exists(db.conn(), "app", "users", "status"));

    const auto applied = apply({});
    INFO(applied.out << applied.err);
    REQUIRE(applied.exit_code == 0);
    check_statuses(db.conn(), "app");
    CHECK(column_is_not_null(db.conn(), "app"));
    CHECK_FALSE(column_exists(db.conn(), "app", "users", "is_active"));
    const auto status = w.recon({"--db", db.url(), "status", "--detailed-exitcode"});
    INFO(status.out << status.err);
    CHECK(status.exit_code == 0);  // no drift, nothing pending
  }
}

TEST_CASE("expand, backfill and contract in three revisions keep every row",
          "[hand-written][cli]") {
  UsersWorkspace w;
  TestDatabase db;
  const auto apply = [&] {
    return w.recon({"--db", db.url(), "apply", "--allow-hazards", "data-loss"});
  };
  w.declare("users_is_active.toml");
  REQUIRE(w.recon({"plan"}).exit_code == 0);
  REQUIRE(apply().exit_code == 0);
  insert_users(db.conn(), "app");

  w.declare("users_expanded.toml");
  REQUIRE(w.plan("expand", {}).exit_code == 0);
  REQUIRE(apply().exit_code == 0);
  // The declaration does not change: the revision is the hand-written step alone.
  const auto backfill = w.plan("backfill", {"backfill_status_alone.sql"});
  INFO(backfill.out << backfill.err);
  REQUIRE(backfill.exit_code == 0);
  REQUIRE(w.revisions().size() == 3);
  CHECK_THAT(read_text(w.revisions()[2]),
             Catch::Contains("-- Summary (1 step):\n--   ! sql backfill_status_alone.sql  "
                             "[hand-written]\n"));
  REQUIRE(apply().exit_code == 0);
  CHECK(users_query(db.conn(), "SELECT count(*) FROM app.users WHERE status IS NULL") == 0);

  w.declare("users_status.toml");
  REQUIRE(w.plan("contract", {}).exit_code == 0);
  const auto contracted = apply();
  INFO(contracted.out << contracted.err);
  REQUIRE(contracted.exit_code == 0);
  check_statuses(db.conn(), "app");
  CHECK(column_is_not_null(db.conn(), "app"));
  // Nothing left to plan: the hand-written step is history, not part of the declaration.
  CHECK(w.recon({"plan", "--check"}).exit_code == 0);
}

TEST_CASE("a hand-written step edited after planning is named by verify and refused by apply",
          "[hand-written][cli]") {
  UsersWorkspace w;
  w.declare("users_is_active.toml");
  REQUIRE(w.recon({"plan"}).exit_code == 0);
  w.declare("users_status.toml");
  REQUIRE(w.plan("status", {"backfill_status.sql"}).exit_code == 0);
  const fs::path file = w.revisions().at(1);
  std::string text = read_text(file);
  const auto at = text.find("THEN 'active'");
  REQUIRE(at != std::string::npos);
  write_file(file, text.replace(at, 13, "THEN 'enabled'"));

  const auto verify = w.recon({"verify"});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code != 0);
  CHECK_THAT(verify.out + verify.err, Catch::Contains(file.filename().string()));
  CHECK_THAT(verify.out + verify.err, Catch::Contains("checksum"));

  TestDatabase db;
  const auto apply = w.recon({"--db", db.url(), "apply"});
  INFO(apply.out << apply.err);
  CHECK(apply.exit_code != 0);
  CHECK_THAT(apply.out + apply.err, Catch::Contains(file.filename().string()));
  CHECK_THAT(apply.out + apply.err, Catch::Contains("checksum does not match its content"));
  CHECK_FALSE(relation_exists(db.conn(), "app", "users"));
}

TEST_CASE("a hand-written step that cannot be placed, or changes the schema, writes nothing",
          "[hand-written][cli]") {
  UsersWorkspace w;
  w.declare("users_is_active.toml");
  REQUIRE(w.recon({"plan"}).exit_code == 0);
  w.declare("users_status.toml");

  SECTION("an anchor that names no step: the steps there are") {
    const auto planned = w.plan("status", {"misplaced_anchor.sql"});
    INFO(planned.out << planned.err);
    CHECK(planned.exit_code != 0);
    CHECK_THAT(planned.err, Catch::Contains("misplaced_anchor.sql:1:17: '+ column users.state' "
                                            "names no step of the plan (did you mean '+ column "
                                            "users.status'?)"));
    CHECK_THAT(planned.err, Catch::Contains("\n  - column users.is_active"));
  }
  SECTION("SQL that adds what the declaration does not have") {
    const auto planned = w.plan("status", {"adds_an_index.sql"});
    INFO(planned.out << planned.err);
    CHECK(planned.exit_code != 0);
    CHECK_THAT(planned.err, Catch::Contains("different from its declaration"));
    CHECK_THAT(planned.err, Catch::Contains("- index users.users_status_idx"));
  }
  SECTION("--with for several projects at once") {
    const auto planned =
        w.recon({"plan", "--with", hand_written_data("backfill_status.sql").string()});
    CHECK(planned.exit_code != 0);
    CHECK_THAT(planned.err, Catch::Contains("name that project"));
  }
  CHECK(w.revisions().size() == 1);
}

TEST_CASE("a hand-written step applied to every tenant schema", "[hand-written][tenants][cli]") {
  UsersWorkspace w;
  TestDatabase db;
  w.declare("users_is_active.toml");
  REQUIRE(w.recon({"plan"}).exit_code == 0);
  const std::vector<std::string> apply{
      "--db",     db.url(), "apply", "app", "--schemas", "tenant_a,tenant_b", "--allow-hazards",
      "data-loss"};
  auto first = apply;
  first.insert(first.end(), {"--to", "1"});
  const auto started = w.recon(first);
  INFO(started.out << started.err);
  REQUIRE(started.exit_code == 0);
  for (const char* tenant : {"tenant_a", "tenant_b"}) insert_users(db.conn(), tenant);

  w.declare("users_status.toml");
  REQUIRE(w.plan("status", {"backfill_status.sql"}).exit_code == 0);
  const auto applied = w.recon(apply);
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  for (const char* tenant : {"tenant_a", "tenant_b"}) {
    check_statuses(db.conn(), tenant);
    CHECK(column_is_not_null(db.conn(), tenant));
  }
}

TEST_CASE("a batched backfill outside the transaction, killed half-way, resumes",
          "[hand-written][faults]") {
  UsersWorkspace w;
  TestDatabase db;
  w.declare("users_is_active.toml");
  REQUIRE(w.recon({"plan"}).exit_code == 0);
  REQUIRE(w.recon({"--db", db.url(), "apply"}).exit_code == 0);
  insert_users(db.conn(), "app");
  w.declare("users_status.toml");
  const auto planned = w.plan("status in batches", {"backfill_status_batched.sql"});
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  CHECK_THAT(read_text(w.revisions().at(1)),
             Catch::Contains("--   ! sql backfill_status_batched.sql  [hand-written, "
                             "not-transactional]\n"));

  const pid_t pid = spawn_recon({"--root", w.ws.root().string(), "--dev-url", server_url(), "--db",
                                 db.url(), "apply", "--allow-hazards", "data-loss"},
                                w.ws.root() / "apply.out", w.ws.root() / "apply.err");
  const auto filled = [&] {
    if (!column_exists(db.conn(), "app", "users", "status")) return 0LL;
    return users_query(db.conn(), "SELECT count(*) FROM app.users WHERE status IS NOT NULL");
  };
  bool started = false;
  for (int i = 0; i < 1000 && !started; ++i) {
    started = filled() >= 10;  // a batch committed; the others are 0.2 s apart
    if (!started) std::this_thread::sleep_for(10ms);
  }
  REQUIRE(started);
  // recon killed, and its session with it (a backend notices a dead client only when it next
  // talks to it: after the whole loop).
  ::kill(pid, SIGKILL);
  wait_for(pid);
  run_users_sql(
      db.conn(),
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE "
      "'recon%' AND pid <> pg_backend_pid() AND datname = current_database()");
  wait_for_sessions_to_end(db.conn(), "recon");
  const auto half_way = filled();
  CHECK(half_way > 0);
  CHECK(half_way < 100);
  CHECK(users_query(db.conn(), "SELECT steps_done FROM app.recon_revisions WHERE number = 2") == 1);

  const auto resumed = w.recon({"--db", db.url(), "apply", "--allow-hazards", "data-loss"});
  INFO(resumed.out << resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK_THAT(resumed.out + resumed.err, Catch::Contains("resuming after step 1/6"));
  check_statuses(db.conn(), "app");
  CHECK(column_is_not_null(db.conn(), "app"));
  CHECK(applied_count(db.conn(), "app") == 2);
}

TEST_CASE("plan --replace plans a revision's hand-written steps again, or the ones given",
          "[hand-written][cli]") {
  UsersWorkspace w;
  TestDatabase db;  // records nothing: the last revision may be replaced
  w.declare("users_is_active.toml");
  REQUIRE(w.recon({"plan"}).exit_code == 0);
  w.declare("users_status.toml");
  REQUIRE(w.plan("status", {"backfill_status.sql"}).exit_code == 0);
  const fs::path file = w.revisions().at(1);
  const std::string planned = read_text(file);

  const auto again = w.recon({"--db", db.url(), "plan", "app", "--replace", "-m", "status"});
  INFO(again.out << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(read_text(file) == planned);

  const auto other = w.recon({"--db", db.url(), "plan", "app", "--replace", "-m", "status",
                              "--with", hand_written_data("backfill_status_alone.sql").string()});
  INFO(other.out << other.err);
  REQUIRE(other.exit_code == 0);
  REQUIRE(w.revisions().size() == 2);
  const std::string replaced = read_text(w.revisions().at(1));
  CHECK_THAT(replaced, Catch::Contains("! sql backfill_status_alone.sql"));
  CHECK_THAT(replaced, !Catch::Contains("! sql backfill_status.sql"));
}

TEST_CASE("recon rebase plans the removed revision's hand-written steps again on top",
          "[hand-written][rebase][cli]") {
  UsersWorkspace w;
  w.declare("users_is_active.toml");
  REQUIRE(w.recon({"plan"}).exit_code == 0);
  // Two branches planned revision 0002: status (with its backfill), and roles.
  w.declare("users_status.toml");
  REQUIRE(w.plan("status", {"backfill_status.sql"}).exit_code == 0);
  const fs::path status = w.revisions().at(1);
  const fs::path aside = w.ws.root() / "status.sql";
  fs::rename(status, aside);
  w.declare("users_is_active_roles.toml");
  REQUIRE(w.plan("roles", {}).exit_code == 0);
  fs::rename(aside, status);
  w.declare("users_status_roles.toml");

  const auto rebased = w.recon({"rebase", "app", "--keep", "0002_roles.sql"});
  INFO(rebased.out << rebased.err);
  REQUIRE(rebased.exit_code == 0);
  const auto files = w.revisions();
  REQUIRE(files.size() == 3);
  CHECK(files[2].filename() == "0003_status.sql");
  CHECK_THAT(read_text(files[2]),
             Catch::Contains("--   + column users.status\n"
                             "--   ! sql backfill_status.sql  [hand-written]\n"));
}
