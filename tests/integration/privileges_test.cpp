// Least privilege, as docs/privileges.md recommends it: each project applied by a role that owns
// its schema and nothing else (no superuser, no CREATEDB, no CREATE on the database). recon must
// work with that, must not be able to change another project's schema, and a project's version
// table must not be writable by another project's role.

#include <catch2/catch.hpp>

#include <map>
#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/db_snapshot.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

using namespace recon;
using namespace recon::testing;
namespace fs = std::filesystem;

namespace {

// The URL of `db` for `role` (the shared cluster trusts its socket: no password).
std::string url_as(const TestDatabase& db, const std::string& role) {
  std::string url = db.url();
  const auto at = url.find("user=postgres");
  REQUIRE(at != std::string::npos);
  url.replace(at, 13, "user=" + role);
  return url;
}

// Roles are global to the cluster: named after the database, dropped at the end.
struct Roles {
  TestDatabase& db;
  std::vector<std::string> names;
  ~Roles() {
    try {
      pqxx::nontransaction txn(db.conn());
      for (const auto& name : names) txn.exec("DROP OWNED BY " + txn.quote_name(name) + " CASCADE");
      for (const auto& name : names) txn.exec("DROP ROLE IF EXISTS " + txn.quote_name(name));
    } catch (...) {
    }
  }
};

}  // namespace

TEST_CASE(
    "apply by a role that owns only its schema; other schemas and version tables stay "
    "out of reach",
    "[hostile][privileges][throwaway-cluster]") {
  // This relies on the throwaway cluster trusting its socket (any password, or none, connects):
  // against the server of RECON_TEST_DATABASE_URL it fails (deselect it: ~[throwaway-cluster]).
  REQUIRE(shared_cluster() != nullptr);
  TestDatabase db;
  const std::string app = db.name() + "_app";
  const std::string other = db.name() + "_other";
  Roles roles{db, {app, other}};
  {
    pqxx::nontransaction txn(db.conn());
    const auto q = [&](const std::string& name) { return txn.quote_name(name); };
    for (const auto& role : {app, other})
      txn.exec("CREATE ROLE " + q(role) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
    txn.exec("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    txn.exec("CREATE SCHEMA app AUTHORIZATION " + q(app));
    txn.exec("CREATE SCHEMA other AUTHORIZATION " + q(other));
    txn.exec("SET ROLE " + q(other));
    txn.exec("CREATE TABLE other.accounts (id int PRIMARY KEY, name text)");
    txn.exec("RESET ROLE");
    // What docs/privileges.md says a foreign key into another project's schema needs.
    txn.exec("GRANT USAGE ON SCHEMA other TO " + q(app));
    txn.exec("GRANT REFERENCES ON other.accounts TO " + q(app));
    // The premise: app may not create schemas.
    CHECK_FALSE(txn.exec_params("SELECT has_database_privilege($1, current_database(), 'CREATE')",
                                app)[0][0]
                    .as<bool>());
  }

  TempWorkspace ws;
  ChainBuilder chain(ws, "app", "app");
  {
    pqxx::work setup(chain.scratch().conn());  // the state the chain starts from, as on db
    setup.exec("CREATE SCHEMA other; CREATE TABLE other.accounts (id int PRIMARY KEY, name text)");
    setup.commit();
  }
  chain.add("initial",
            {make_step("+ schema app", "CREATE SCHEMA IF NOT EXISTS app;"),
             make_step("+ enum state", "CREATE TYPE state AS ENUM ('new', 'done');"),
             make_step("+ table todos",
                       "CREATE TABLE todos (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                       "state state NOT NULL DEFAULT 'new', account_id int);"),
             make_step("+ index todos_state", "CREATE INDEX todos_state ON todos (state);"),
             make_step("+ foreign key todos.account_id",
                       "ALTER TABLE todos ADD FOREIGN KEY (account_id) REFERENCES "
                       "other.accounts (id);"),
             make_step("+ comment", "COMMENT ON TABLE todos IS 'one row per todo';")});
  chain.add("add_title", {make_step("+ column todos.title", "ALTER TABLE todos ADD title text;")});
  // Revision 3 reaches into the other project's schema: a bad revision someone merged.
  chain.add("note", {make_step("+ column todos.note", "ALTER TABLE todos ADD note text;")},
            [](Revision& r) {
              r.plan.steps.push_back(make_step("~ other", "DROP TABLE other.accounts CASCADE;"));
            });

  const std::string other_before = schema_dump(db.url(), "other");
  const auto apply_as = [&](const std::string& role, std::vector<std::string> extra) {
    std::vector<std::string> args = {"--root",         ws.root().string(), "--db",
                                     url_as(db, role), "--no-color",       "apply"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_recon(args);
  };

  // The owner applies its revisions, without any privilege on the database itself.
  const auto applied = apply_as(app, {"--to", "2"});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(applied_count(db.conn(), "app") == 2);
  {
    pqxx::nontransaction txn(db.conn());
    CHECK(txn.exec("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = "
                   "'app.recon_revisions'::regclass")[0][0]
              .as<std::string>() == app);
    CHECK(txn.exec("SELECT DISTINCT applied_by FROM app.recon_revisions")[0][0].as<std::string>() ==
          app);
  }
  const auto status = run_recon({"--root", ws.root().string(), "--db", url_as(db, app), "status",
                                 "app", "--detailed-exitcode"});
  INFO(status.out << status.err);
  CHECK(status.exit_code == exit_code::changes);  // revision 3 pending
  CHECK_THAT(status.out, Catch::Contains("drift:    none"));

  // Revision 3 cannot touch the other schema: refused by Postgres, rolled back whole.
  const std::string app_before = catalog_digest(db.conn());
  const auto reaching = apply_as(app, {});
  INFO(reaching.err);
  CHECK(reaching.exit_code == exit_code::error);
  CHECK_THAT(reaching.err, Catch::Contains("must be owner of table accounts"));
  CHECK_THAT(reaching.err, Catch::Contains("nothing of it was applied"));
  CHECK(catalog_digest(db.conn()) == app_before);
  CHECK(schema_dump(db.url(), "other") == other_before);

  // Another project's role can neither apply this project nor write its version table.
  const auto intruder = apply_as(other, {"--to", "2"});
  INFO(intruder.err);
  CHECK(intruder.exit_code == exit_code::error);
  CHECK_THAT(intruder.err, Catch::Contains("permission denied for schema app"));
  {
    auto conn = std::make_unique<pqxx::connection>(url_as(db, other));
    for (const std::string sql :
         {"INSERT INTO app.recon_revisions (number, slug, checksum, source_fingerprint, "
          "target_fingerprint, recon_version) VALUES (3, 'x', 'x', 'x', 'x', 'x')",
          "UPDATE app.recon_revisions SET checksum = 'x'", "DELETE FROM app.recon_revisions",
          "DROP TABLE app.recon_revisions", "SELECT * FROM app.recon_revisions"}) {
      INFO(sql);
      pqxx::nontransaction txn(*conn);
      try {
        txn.exec(sql);
        FAIL("the other project's role could run it");
      } catch (const pqxx::insufficient_privilege& e) {
        CHECK_THAT(e.what(), Catch::Contains("permission denied for schema app"));
      }
    }
  }
  CHECK(catalog_digest(db.conn()) == app_before);
  CHECK(applied_count(db.conn(), "app") == 2);
}

namespace {

// The declaration of tests/cases/privileges/<project>.toml with the test's role names.
std::string seeds_declaration(const std::string& project,
                              const std::map<std::string, std::string>& roles) {
  std::string toml =
      read_text(source_root() / "tests" / "cases" / "privileges" / (project + ".toml"));
  for (const auto& [placeholder, role] : roles)
    for (auto at = toml.find(placeholder); at != std::string::npos; at = toml.find(placeholder))
      toml.replace(at, placeholder.size(), role);
  return toml;
}

// Whether `role` may run `sql` on `db`: false when Postgres refuses it for want of a
// privilege; anything else fails the test.
bool may(const TestDatabase& db, const std::string& role, const std::string& sql) {
  pqxx::connection conn(url_as(db, role));
  pqxx::work txn(conn);
  try {
    txn.exec(sql);
    return true;
  } catch (const pqxx::insufficient_privilege&) {
    return false;
  }
}

}  // namespace

// docs/privileges.md's set-up of the seeds' shared database: each application's role owns
// its schema and applies its project; the project that owns `users` declares the todo
// application's read access to two of its columns; a reporting role reads every table through
// default privileges. Checked as each role.
TEST_CASE("the shared database's roles: own schema, a cross-project read grant, reporting",
          "[privileges][throwaway-cluster]") {
  REQUIRE(shared_cluster() != nullptr);
  TestDatabase db;
  const std::map<std::string, std::string> names = {{"AUTH_OWNER", db.name() + "_auth_owner"},
                                                    {"TODO_OWNER", db.name() + "_todo_owner"},
                                                    {"AUTH_APP", db.name() + "_auth_app"},
                                                    {"TODO_APP", db.name() + "_todo_app"},
                                                    {"REPORTING", db.name() + "_reporting"}};
  Roles roles{db, {}};
  for (const auto& [placeholder, role] : names) roles.names.push_back(role);
  {
    pqxx::nontransaction txn(db.conn());
    for (const auto& role : roles.names) txn.exec("CREATE ROLE " + role + " LOGIN");
    txn.exec("CREATE SCHEMA \"01_user_auth_todo\" AUTHORIZATION " + names.at("AUTH_OWNER"));
    txn.exec("CREATE SCHEMA \"00_personal_todo\" AUTHORIZATION " + names.at("TODO_OWNER"));
  }
  TempWorkspace ws;
  for (const std::string project : {"01_user_auth_todo", "00_personal_todo"})
    write_file(ws.root() / "schemas" / (project + ".toml"), seeds_declaration(project, names));
  const auto planned =
      run_recon({"plan", "--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  for (const auto& [project, owner] : {std::pair{std::string("01_user_auth_todo"), "AUTH_OWNER"},
                                       {"00_personal_todo", "TODO_OWNER"}}) {
    const auto applied = run_recon(
        {"apply", project, "--root", ws.root().string(), "--db", url_as(db, names.at(owner))});
    INFO(applied.out << applied.err);
    REQUIRE(applied.exit_code == 0);
  }
  const auto status =
      run_recon({"status", "--root", ws.root().string(), "--db", db.url(), "--detailed-exitcode"});
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);  // privileges as declared: no drift

  const std::string users = "\"01_user_auth_todo\".users";
  const std::string todos = "\"00_personal_todo\".todos";
  const auto& todo_app = names.at("TODO_APP");
  const auto& auth_app = names.at("AUTH_APP");
  const auto& reporting = names.at("REPORTING");
  CHECK(may(db, auth_app, "INSERT INTO " + users + " (email) VALUES ('ada@example.com')"));
  CHECK(may(db, todo_app, "INSERT INTO " + todos + " (title) VALUES ('write docs')"));
  // The todo application joins users on the columns it was granted, and no further.
  CHECK(
      may(db, todo_app,
          "SELECT t.title, u.email FROM " + todos + " t JOIN " + users + " u ON u.id = t.user_id"));
  CHECK_FALSE(may(db, todo_app, "SELECT password_hash FROM " + users));
  CHECK_FALSE(may(db, todo_app, "UPDATE " + users + " SET email = 'x'"));
  // Reporting reads every table of both projects, and writes none.
  CHECK(may(db, reporting, "SELECT * FROM " + users));
  CHECK(may(db, reporting, "SELECT * FROM " + todos));
  CHECK_FALSE(may(db, reporting, "DELETE FROM " + todos));
  // No grant, no reach: the auth application cannot see into the todo project's schema.
  CHECK_FALSE(may(db, auth_app, "SELECT * FROM " + todos));
}
