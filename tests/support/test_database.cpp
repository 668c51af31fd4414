#include "support/test_database.hpp"

#include <unistd.h>
#include <atomic>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

#include "pg/conninfo.hpp"

namespace recon::testing {

namespace {

// The tests' own cache directory, for this process and the recon processes it starts: never
// the developer's ~/.cache (recon's initdb cache, or anything else under XDG_CACHE_HOME), which
// a test could then depend on or damage. Set before main(), removed at exit. The initdb cache
// may be one for the whole suite (RECON_TEST_INITDB_CACHE, set by tests/meson.build in the build
// directory): every test program starts a cluster, and initdb is seconds of each start.
struct OwnCaches {
  std::filesystem::path dir;
  OwnCaches() {
    std::string templ =
        (std::filesystem::temp_directory_path() / "recon-test-cache-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir = templ;
    ::setenv("XDG_CACHE_HOME", dir.c_str(), 1);
    const char* suite = std::getenv("RECON_TEST_INITDB_CACHE");
    const auto initdb = suite != nullptr && *suite != '\0' ? std::filesystem::path(suite)
                                                           : dir / "recon" / "initdb";
    ::setenv("RECON_INITDB_CACHE", initdb.c_str(), 1);
  }
  ~OwnCaches() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};
const OwnCaches own_caches;

struct Server {
  std::optional<recon::pg::Cluster> cluster;  // destroyed (server stopped, dir removed) at exit
  std::string base_url;                       // any database of the server

  Server() {
    const char* env = std::getenv("RECON_TEST_DATABASE_URL");
    if (env != nullptr && *env != '\0') {
      base_url = env;
    } else {
      // The server gets its parent-death signal when the *thread* that started it ends (see
      // pg/cluster.hpp): started from a worker thread, it would stop under the later tests.
      if (gettid() != getpid()) {
        throw std::logic_error(
            "the test server must be started on the main thread: call server_url() or create a "
            "TestDatabase before starting threads");
      }
      cluster.emplace(recon::pg::Cluster::start());
      base_url = cluster->url("postgres");
    }
    create_template();
  }

  void create_template() const {
    pqxx::connection c{recon::pg::url_with_dbname(base_url, "postgres")};
    pqxx::nontransaction tx{c};
    auto rows = tx.exec("SELECT 1 FROM pg_database WHERE datname = " +
                        tx.quote(std::string(kTemplateDatabase)));
    if (!rows.empty()) return;
    try {
      tx.exec("CREATE DATABASE " + tx.quote_name(std::string(kTemplateDatabase)) +
              " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    } catch (const pqxx::sql_error& e) {
      if (e.sqlstate() != "42P04") throw;  // duplicate_database: another test run made it
    }
  }
};

Server& server() {
  static Server instance;  // started on first use, thread-safe, destroyed at exit
  return instance;
}

std::string unique_database_name() {
  static std::atomic<unsigned> counter{0};
  static const unsigned salt = std::random_device{}();
  return fmt::format("recon_test_{}_{}_{:08x}", getpid(), counter.fetch_add(1), salt);
}

std::string server_log_tail() {
  const auto* cluster = server().cluster ? &*server().cluster : nullptr;
  if (cluster == nullptr) return "";
  std::ifstream in(cluster->log_file());
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(line);
    if (last.size() > 20) last.pop_front();
  }
  std::string text = "\nthe test server's log (" + cluster->log_file().string() + ") ends with:";
  for (const auto& line : last) text += "\n  " + line;
  return text;
}

}  // namespace

recon::pg::Cluster* shared_cluster() {
  auto& s = server();
  return s.cluster ? &*s.cluster : nullptr;
}

std::string server_url(std::string_view dbname) {
  return recon::pg::url_with_dbname(server().base_url, dbname);
}

TestDatabase::TestDatabase() : name_(unique_database_name()), url_(server_url(name_)) {
  try {
    pqxx::connection c{server_url("postgres")};
    pqxx::nontransaction tx{c};
    // Copying the template's files is cheaper than PostgreSQL 15's default (through the WAL).
    tx.exec("CREATE DATABASE " + tx.quote_name(name_) + " TEMPLATE " +
            tx.quote_name(std::string(kTemplateDatabase)) +
            (c.server_version() >= 150000 ? " STRATEGY FILE_COPY" : ""));
  } catch (const std::exception& e) {
    // The server went away under the tests: its log says how (which shutdown request it got).
    throw std::runtime_error(std::string(e.what()) + server_log_tail());
  }
}

TestDatabase::~TestDatabase() {
  conn_.reset();
  try {
    pqxx::connection c{server_url("postgres")};
    pqxx::nontransaction tx{c};
    try {
      tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    } catch (const pqxx::syntax_error&) {  // server older than 13
      tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_));
    }
  } catch (...) {
    // The server may be gone (a test stopped it); the cluster's directory goes away anyway.
  }
}

pqxx::connection& TestDatabase::conn() {
  if (!conn_) conn_ = connect();
  return *conn_;
}

std::unique_ptr<pqxx::connection> TestDatabase::connect() const {
  return std::make_unique<pqxx::connection>(url_);
}

}  // namespace recon::testing
