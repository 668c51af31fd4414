#pragma once

// Integration-test fixture: a real PostgreSQL server and one fresh database per test.
//
// By default the first use starts one throwaway cluster (recon::pg::Cluster) for the whole test
// process; it is shared by all tests and removed at exit. Each TestDatabase is a new database
// created from the template `recon_template` (CREATE DATABASE ... TEMPLATE recon_template, a few
// milliseconds) and dropped again by its destructor.
//
// RECON_TEST_DATABASE_URL: if set (a libpq URI or key=value string naming a superuser, or a role
// with CREATEDB), the tests use that existing server instead of starting a cluster, e.g.
//   RECON_TEST_DATABASE_URL=postgresql://postgres:postgres@localhost:5432/postgres meson test ...
// Databases are then named recon_test_<pid>_<n>_<random> so that several runs can share it;
// tests that need the throwaway cluster itself REQUIRE(shared_cluster() != nullptr), so that they
// fail there rather than pass without running, and carry the tag [throwaway-cluster] so that
// such a run can deselect them by name: ~[throwaway-cluster].

#include <memory>
#include <string>
#include <string_view>

#include <pqxx/pqxx>

#include "pg/cluster.hpp"

namespace recon::testing {

// The cluster shared by this test process (started on first use), or nullptr when
// RECON_TEST_DATABASE_URL points the tests at another server.
recon::pg::Cluster* shared_cluster();

// URL of database `dbname` on the test server.
std::string server_url(std::string_view dbname = "postgres");

// Name of the template every TestDatabase is copied from (created empty on first use).
inline constexpr std::string_view kTemplateDatabase = "recon_template";

class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();  // drops the database (WITH (FORCE)); never throws
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& url() const { return url_; }
  // A connection to this database, opened on first use and kept until destruction.
  pqxx::connection& conn();
  // A new, separate connection to this database.
  [[nodiscard]] std::unique_ptr<pqxx::connection> connect() const;

 private:
  std::string name_;
  std::string url_;
  std::unique_ptr<pqxx::connection> conn_;
};

}  // namespace recon::testing
