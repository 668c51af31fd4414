// The throwaway cluster (src/pg/cluster.*) and the test-database fixture built on it.

#include <catch2/catch.hpp>

#include <poll.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/pqxx>

#include "pg/cluster.hpp"
#include "pg/conninfo.hpp"
#include "pg/dev_server.hpp"
#include "pg/initdb_cache.hpp"
#include "pg/stale_sweep.hpp"
#include "support/scoped_env.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using recon::pg::Cluster;
using recon::pg::ClusterError;
using recon::pg::ClusterOptions;

namespace {

// A private directory to create clusters in, so that "nothing is left" can be checked exactly.
// World-searchable: when the tests run as root the server runs as `postgres` and must reach it.
struct TempRoot {
  fs::path path;
  TempRoot() {
    std::string templ = (fs::temp_directory_path() / "recon-cluster-test-XXXXXX").string();
    REQUIRE(mkdtemp(templ.data()) != nullptr);
    path = templ;
    fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempRoot(const TempRoot&) = delete;
  TempRoot& operator=(const TempRoot&) = delete;

  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename());
    return names;
  }
};

// Not running: no such process, or a zombie nobody has reaped yet.
bool process_gone(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  auto paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z';
}

bool wait_until_gone(pid_t pid, std::chrono::milliseconds timeout = 10s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!process_gone(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// Pids of live processes whose command line mentions `text` (e.g. a data directory).
std::vector<pid_t> processes_mentioning(const std::string& text) {
  std::vector<pid_t> pids;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const pid_t pid = std::stoi(name);
    if (cmdline.find(text) != std::string::npos && !process_gone(pid)) pids.push_back(pid);
  }
  return pids;
}

uid_t status_uid(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Uid:", 0) == 0) return static_cast<uid_t>(std::stoul(line.substr(4)));
  }
  FAIL("no Uid line in /proc/" << pid << "/status");
  return 0;
}

// cluster_holder, started with its stdout on a pipe.
struct Holder {
  pid_t pid = -1;
  fs::path data_dir;
  pid_t server_pid = -1;
};

Holder start_holder(const fs::path& temp_root) {
  const char* program = std::getenv("RECON_CLUSTER_HOLDER");
  REQUIRE(program != nullptr);  // set by tests/meson.build
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  Holder h;
  h.pid = fork();
  REQUIRE(h.pid >= 0);
  if (h.pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(program, program, temp_root.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string line;
  pollfd p{fds[0], POLLIN, 0};
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[512];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  INFO("cluster_holder printed: " << line);
  auto space = line.rfind(' ');
  REQUIRE(space != std::string::npos);
  h.data_dir = line.substr(0, space);
  h.server_pid = std::stoi(line.substr(space + 1));
  REQUIRE(fs::is_directory(h.data_dir));
  REQUIRE_FALSE(process_gone(h.server_pid));
  return h;
}

int wait_status(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string query_one(const std::string& url, const std::string& sql) {
  pqxx::connection c{url};
  pqxx::nontransaction tx{c};
  auto rows = tx.exec(sql);
  REQUIRE(rows.size() == 1);
  return rows[0][0].c_str();
}

void execute(const std::string& url, const std::string& sql) {
  pqxx::connection c{url};
  pqxx::nontransaction(c).exec(sql);
}

}  // namespace

TEST_CASE("Cluster starts, runs queries, and leaves nothing behind", "[pg][cluster]") {
  TempRoot root;
  fs::path dir;
  pid_t pid = -1;
  {
    ClusterOptions options;
    options.temp_root = root.path;
    Cluster cluster = Cluster::start(options);
    dir = cluster.socket_dir();
    pid = cluster.server_pid();
    CHECK(dir.parent_path() == root.path);
    CHECK(dir.filename().string().rfind("recon-pg-", 0) == 0);
    CHECK(cluster.data_dir() == dir / "data");
    CHECK(fs::exists(cluster.data_dir() / "PG_VERSION"));
    CHECK(fs::exists(dir / "owner.pid"));
    CHECK(fs::exists(cluster.bindir() / "postgres"));
    CHECK(pid > 0);
    CHECK(cluster.url() ==
          "postgresql:///postgres?host=" + recon::pg::percent_encode(dir.string()) +
              "&port=5432&user=postgres");

    pqxx::connection c{cluster.url()};
    pqxx::work tx{c};
    CHECK(tx.exec("SELECT 6 * 7")[0][0].as<int>() == 42);
    CHECK(tx.exec("SHOW listen_addresses")[0][0].as<std::string>().empty());
    CHECK(tx.exec("SHOW fsync")[0][0].as<std::string>() == "off");
    CHECK(tx.exec("SHOW server_encoding")[0][0].as<std::string>() == "UTF8");
    CHECK(tx.exec("SELECT current_user")[0][0].as<std::string>() == "postgres");
    CHECK(tx.exec("SELECT pg_postmaster_start_time() IS NOT NULL")[0][0].as<bool>());
    tx.commit();
  }  // the connection closes first, then the cluster goes
  CHECK_FALSE(fs::exists(dir));
  CHECK(process_gone(pid));
  CHECK(root.entries().empty());
  CHECK(processes_mentioning(dir.string()).empty());
}

TEST_CASE("Cluster is move-only and a moved-from cluster owns nothing", "[pg][cluster]") {
  TempRoot root;
  ClusterOptions options;
  options.temp_root = root.path;
  Cluster a = Cluster::start(options);
  const fs::path dir = a.socket_dir();
  const pid_t pid = a.server_pid();
  Cluster b = std::move(a);
  CHECK(b.socket_dir() == dir);
  CHECK(b.server_pid() == pid);
  CHECK_FALSE(a.running());  // NOLINT(bugprone-use-after-move): checking the moved-from state
  CHECK(query_one(b.url(), "SELECT 1") == "1");
  { Cluster c = std::move(b); }
  CHECK_FALSE(fs::exists(dir));
  CHECK(process_gone(pid));
}

TEST_CASE("As root, the server runs as the postgres OS user; otherwise as the caller",
          "[pg][cluster][root]") {
  uid_t expected = geteuid();
  if (expected == 0) {
    struct passwd* pw = getpwnam("postgres");
    REQUIRE(pw != nullptr);
    expected = pw->pw_uid;
  }
  TempRoot root;
  ClusterOptions options;
  options.temp_root = root.path;
  Cluster cluster = Cluster::start(options);
  CHECK(status_uid(cluster.server_pid()) == expected);
  struct stat st {};
  REQUIRE(stat(cluster.data_dir().c_str(), &st) == 0);
  CHECK(st.st_uid == expected);
}

TEST_CASE("Missing PostgreSQL binaries give an actionable error", "[pg][cluster]") {
  recon::testing::ScopedEnv unset("RECON_PG_BINDIR", std::nullopt);
  TempRoot root;
  const fs::path empty = root.path / "empty-bin";
  fs::create_directory(empty);
  ClusterOptions options;
  options.temp_root = root.path;
  options.bindir_candidates = {empty};
  CHECK_THROWS_AS(Cluster::start(options), ClusterError);
  CHECK_THROWS_WITH(Cluster::start(options), Catch::Contains(empty.string()) &&
                                                 Catch::Contains("apt-get install postgresql-15") &&
                                                 Catch::Contains("--dev-url URL"));
  CHECK(root.entries() == std::vector<std::string>{"empty-bin"});

  SECTION("RECON_PG_BINDIR pointing at the wrong place is reported as such") {
    setenv("RECON_PG_BINDIR", empty.c_str(), 1);
    CHECK_THROWS_WITH(
        Cluster::start(options),
        Catch::Contains("RECON_PG_BINDIR=" + empty.string()) && Catch::Contains("--dev-url URL"));
    unsetenv("RECON_PG_BINDIR");
  }
}

TEST_CASE("A server that fails to start leaves nothing behind", "[pg][cluster]") {
  TempRoot root;
  ClusterOptions options;
  options.temp_root = root.path;
  options.extra_server_args = {"-c", "shared_buffers=not_a_size"};
  std::string message;
  try {
    Cluster cluster = Cluster::start(options);
    FAIL("the cluster started with a bad shared_buffers");
  } catch (const ClusterError& e) {
    message = e.what();
  }
  INFO(message);
  CHECK_THAT(message,
             Catch::Contains("stopped while starting") && Catch::Contains("shared_buffers"));
  CHECK(root.entries().empty());
  CHECK(processes_mentioning(root.path.string()).empty());
}

TEST_CASE("An initdb that fails leaves nothing behind", "[pg][cluster]") {
  recon::testing::ScopedEnv unset("RECON_PG_BINDIR", std::nullopt);
  TempRoot root;
  const fs::path bin = root.path / "fake-bin";
  fs::create_directory(bin);
  fs::permissions(bin, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
  for (const char* name : {"initdb", "postgres"}) {
    std::ofstream(bin / name) << "#!/bin/sh\necho \"" << name
                              << ": simulated failure\" >&2\nexit 3\n";
    fs::permissions(bin / name, fs::perms::owner_all | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
  }
  ClusterOptions options;
  options.temp_root = root.path;
  options.bindir_candidates = {bin};
  CHECK_THROWS_WITH(Cluster::start(options),
                    Catch::Contains("initdb: simulated failure") && Catch::Contains("exit code 3"));
  CHECK(root.entries() == std::vector<std::string>{"fake-bin"});
}

TEST_CASE("SIGTERM stops the server and removes the directory", "[pg][cluster][signal]") {
  TempRoot root;
  Holder h = start_holder(root.path);
  REQUIRE(kill(h.pid, SIGTERM) == 0);
  int status = wait_status(h.pid);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK(process_gone(h.server_pid));
  CHECK_FALSE(fs::exists(h.data_dir.parent_path()));
  CHECK(root.entries().empty());
}

TEST_CASE("SIGINT and SIGHUP clean up too", "[pg][cluster][signal]") {
  for (int sig : {SIGINT, SIGHUP}) {
    TempRoot root;
    Holder h = start_holder(root.path);
    REQUIRE(kill(h.pid, sig) == 0);
    int status = wait_status(h.pid);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == sig);
    CHECK(process_gone(h.server_pid));
    CHECK(root.entries().empty());
  }
}

TEST_CASE("After SIGKILL the server dies and the next start sweeps the directory",
          "[pg][cluster][signal]") {
  TempRoot root;
  // Orphans are reparented to us rather than to a PID 1 that may never reap them.
  REQUIRE(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
  Holder h = start_holder(root.path);
  REQUIRE(kill(h.pid, SIGKILL) == 0);
  int status = wait_status(h.pid);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);

  // PR_SET_PDEATHSIG sent SIGQUIT to the postmaster, now our (adopted) child.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  bool reaped = false;
  while (!reaped && std::chrono::steady_clock::now() < deadline) {
    int server_status = 0;
    reaped = waitpid(h.server_pid, &server_status, WNOHANG) == h.server_pid;
    if (!reaped) std::this_thread::sleep_for(10ms);
  }
  prctl(PR_SET_CHILD_SUBREAPER, 0);
  CHECK(reaped);
  CHECK(wait_until_gone(h.server_pid));
  CHECK(processes_mentioning(h.data_dir.string()).empty());

  const fs::path stale = h.data_dir.parent_path();
  REQUIRE(fs::exists(stale));  // nobody removed it
  ClusterOptions options;
  options.temp_root = root.path;
  Cluster next = Cluster::start(options);
  CHECK_FALSE(fs::exists(stale));
  CHECK(root.entries() == std::vector<std::string>{next.socket_dir().filename()});
}

TEST_CASE("The stale sweep removes only dead owners' recon-pg-* directories", "[pg][cluster]") {
  TempRoot root;
  // A pid that is certainly dead: a child we reaped.
  pid_t dead = fork();
  REQUIRE(dead >= 0);
  if (dead == 0) _exit(0);
  wait_status(dead);
  // An unrelated live process, named as the postmaster of a stale directory: must survive.
  pid_t bystander = fork();
  REQUIRE(bystander >= 0);
  if (bystander == 0) {
    pause();
    _exit(0);
  }

  auto make = [&](const std::string& name, std::optional<pid_t> owner) {
    fs::create_directories(root.path / name / "data");
    if (owner) std::ofstream(root.path / name / "owner.pid") << *owner << "\n";
  };
  make("recon-pg-dead01", dead);
  std::ofstream(root.path / "recon-pg-dead01" / "data" / "postmaster.pid") << bystander << "\n";
  make("recon-pg-live01", getpid());      // owner alive
  make("recon-pg-nopid1", std::nullopt);  // no owner.pid: maybe being created right now
  make("recon-pg-toolong", dead);         // not the mkdtemp pattern
  make("other-dir-dead1", dead);
  std::ofstream(root.path / "recon-pg-file01") << "not a directory\n";

  CHECK(recon::pg::sweep_stale_clusters(root.path) == 1);
  CHECK_FALSE(fs::exists(root.path / "recon-pg-dead01"));
  CHECK(fs::exists(root.path / "recon-pg-live01"));
  CHECK(fs::exists(root.path / "recon-pg-nopid1"));
  CHECK(fs::exists(root.path / "recon-pg-toolong"));
  CHECK(fs::exists(root.path / "other-dir-dead1"));
  CHECK(fs::exists(root.path / "recon-pg-file01"));
  CHECK_FALSE(process_gone(bystander));
  kill(bystander, SIGKILL);
  wait_status(bystander);
}

TEST_CASE("restart() keeps the data and gives a new server process", "[pg][cluster]") {
  TempRoot root;
  ClusterOptions options;
  options.temp_root = root.path;
  Cluster cluster = Cluster::start(options);
  {
    pqxx::connection c{cluster.url()};
    pqxx::work tx{c};
    tx.exec("CREATE TABLE kept (id int PRIMARY KEY, note text)");
    tx.exec("INSERT INTO kept VALUES (1, 'survives a restart')");
    tx.commit();
  }

  for (auto mode : {recon::pg::StopMode::fast, recon::pg::StopMode::immediate}) {
    INFO("mode " << (mode == recon::pg::StopMode::fast ? "fast" : "immediate"));
    const pid_t before = cluster.server_pid();
    // A session open across the restart: its backend must be gone afterwards. (Not checked by
    // running a statement on it: libpqxx 6.4 leaks a PGresult when the server has gone away.)
    pqxx::connection open_session{cluster.url()};
    const pid_t session_backend =
        pqxx::nontransaction(open_session).exec("SELECT pg_backend_pid()")[0][0].as<int>();
    // An immediate stop is a crash: with synchronous_commit=off only checkpointed data is sure.
    if (mode == recon::pg::StopMode::immediate) execute(cluster.url(), "CHECKPOINT");
    cluster.restart(mode);
    CHECK(process_gone(session_backend));
    CHECK(process_gone(before));
    CHECK(cluster.running());
    CHECK(cluster.server_pid() != before);
    CHECK(query_one(cluster.url(), "SELECT note FROM kept WHERE id = 1") == "survives a restart");
  }

  cluster.stop_server();
  CHECK_FALSE(cluster.running());
  CHECK_THROWS(pqxx::connection{cluster.url()});
  cluster.start_server();
  CHECK(query_one(cluster.url(), "SELECT count(*) FROM kept") == "1");
}

TEST_CASE("A kept initdb result is copied instead of running initdb, and a bad one is replaced",
          "[pg][cluster]") {
  TempRoot root;
  TempRoot cache;
  ClusterOptions options;
  options.temp_root = root.path;
  options.initdb_cache = cache.path / "initdb";
  const auto kept = [&] {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(options.initdb_cache)) out.push_back(e.path());
    return out;
  };
  {
    Cluster first = Cluster::start(options);
    CHECK(fs::exists(first.socket_dir() / "initdb.log"));  // initdb ran
    execute(first.url(), "CREATE TABLE only_in_first (id int)");
  }
  REQUIRE(kept().size() == 1);  // and its result was kept, before the server ever wrote to it
  CHECK(fs::exists(kept()[0] / "PG_VERSION"));
  {
    Cluster second = Cluster::start(options);
    CHECK_FALSE(fs::exists(second.socket_dir() / "initdb.log"));  // copied, no initdb
    CHECK(query_one(second.url(), "SELECT to_regclass('only_in_first') IS NULL") == "t");
    CHECK(query_one(second.url(), "SELECT current_user") == "postgres");
    execute(second.url(), "CREATE DATABASE made_in_second");
  }
  // A kept copy that cannot start (here: no control file) is replaced by a fresh initdb's.
  fs::remove(kept()[0] / "global" / "pg_control");
  {
    Cluster third = Cluster::start(options);
    CHECK(fs::exists(third.socket_dir() / "initdb.log"));
    CHECK(query_one(third.url(), "SELECT 6 * 7") == "42");
  }
  REQUIRE(kept().size() == 1);
  CHECK(fs::exists(kept()[0] / "global" / "pg_control"));
  CHECK(root.entries().empty());
}

TEST_CASE("TestDatabase gives each test its own database from the template", "[pg][fixture]") {
  std::string first_name;
  {
    recon::testing::TestDatabase a;
    recon::testing::TestDatabase b;
    first_name = a.name();
    CHECK(a.name() != b.name());
    CHECK(query_one(a.url(), "SELECT current_database()") == a.name());
    pqxx::work tx{a.conn()};
    tx.exec("CREATE SCHEMA \"00_personal_todo\"");
    tx.exec("CREATE TABLE \"00_personal_todo\".todos (id bigint)");
    tx.commit();
    CHECK(query_one(b.url(),
                    "SELECT count(*) FROM pg_namespace WHERE nspname = '00_personal_todo'") == "0");
    auto second = a.connect();
    CHECK(pqxx::nontransaction(*second)
              .exec("SELECT count(*) FROM \"00_personal_todo\".todos")[0][0]
              .as<int>() == 0);
  }
  CHECK(query_one(recon::testing::server_url(),
                  "SELECT count(*) FROM pg_database WHERE datname = '" + first_name + "'") == "0");
  CHECK(query_one(recon::testing::server_url(),
                  "SELECT count(*) FROM pg_database WHERE datname = 'recon_template'") == "1");
}

TEST_CASE("Start-up and teardown times", "[.timing]") {
  TempRoot root;
  ClusterOptions options;
  options.temp_root = root.path;
  for (int i = 0; i < 5; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    std::optional<Cluster> cluster = Cluster::start(options);
    auto t1 = std::chrono::steady_clock::now();
    cluster.reset();
    auto t2 = std::chrono::steady_clock::now();
    using ms = std::chrono::duration<double, std::milli>;
    WARN("start " << ms(t1 - t0).count() << " ms, teardown " << ms(t2 - t1).count() << " ms");
  }
}

// Two recon processes in two containers are both often pid 1, and may share one dev server:
// scratch names carry a random part. Two DevServers of one process stand for them.
TEST_CASE("dev servers sharing a server never pick the same scratch database", "[cluster]") {
  recon::pg::DevServer a(recon::testing::server_url()), b(recon::testing::server_url());
  const auto first = a.scratch();
  const auto second = b.scratch();  // the same pid and counter: CREATE DATABASE must not clash
  CHECK(first->name() != second->name());
  CHECK(first->name().rfind("recon_scratch_" + std::to_string(::getpid()) + "_1_", 0) == 0);
}

// A dev server keeps one session for creating and dropping its scratch databases; when the
// server ends that session (a restart, an idle timeout), the next scratch database still comes.
TEST_CASE("a dev server whose kept session was ended still makes scratch databases", "[cluster]") {
  recon::pg::DevServer dev(recon::testing::server_url());
  { const auto first = dev.scratch(); }
  pqxx::connection admin(recon::testing::server_url());
  pqxx::nontransaction txn(admin);
  const auto ended = txn.exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'postgres' AND "
      "backend_type = 'client backend' AND pid <> pg_backend_pid()");
  REQUIRE(ended.size() == 1);  // the kept session, and nobody else's
  const auto second = dev.scratch();
  CHECK(txn.exec("SELECT 1 FROM pg_database WHERE datname = " + txn.quote(second->name())).size() ==
        1);
}

// The developer's own ~/.cache/recon/initdb is not the tests' business (support/test_database):
// the caches are in a temporary directory, the initdb cache in the suite's own when meson names
// one in the build directory.
TEST_CASE("the tests keep recon's caches in a directory of their own", "[cluster]") {
  const auto cache = recon::pg::default_initdb_cache().string();
  const char* suite = std::getenv("RECON_TEST_INITDB_CACHE");
  if (suite != nullptr && *suite != '\0') {
    CHECK(cache == suite);
  } else {
    CHECK(cache.rfind((fs::temp_directory_path() / "recon-test-cache-").string(), 0) == 0);
  }
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  REQUIRE(xdg != nullptr);
  CHECK(std::string(xdg).rfind((fs::temp_directory_path() / "recon-test-cache-").string(), 0) == 0);
  const char* home = std::getenv("HOME");
  if (home != nullptr) CHECK(cache.rfind(std::string(home) + "/.cache", 0) != 0);
}
