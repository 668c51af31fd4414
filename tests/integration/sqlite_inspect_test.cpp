// The seeds' move from SQLite to Postgres: the workshop's todo app, as SQLAlchemy and Alembic
// left it in SQLite, inspected into a declaration, planned, applied to a real Postgres.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

void write_sqlite(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) throw std::runtime_error("sqlite3_open");
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("sqlite: " + message);
}

// As Alembic (render_as_batch) leaves the workshop's database after its four migrations, plus
// what a real app grows: users, a partial index, a view and a trigger.
const char* const kWorkshopSqlite = R"sql(
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
  CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('2026_02_21_004');
CREATE TABLE users (
  id INTEGER NOT NULL,
  email VARCHAR(255) NOT NULL,
  is_active BOOLEAN NOT NULL DEFAULT 1,
  created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE (email),
  CHECK (is_active IN (0, 1))
);
CREATE TABLE "todos" (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title VARCHAR(255) NOT NULL,
  description TEXT,
  is_completed BOOLEAN NOT NULL DEFAULT 0,
  priority VARCHAR(6) DEFAULT 'normal' NOT NULL CHECK (priority IN ('low', 'normal', 'high')),
  estimate REAL,
  price NUMERIC(10, 2),
  attachment BLOB,
  user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
  updated_at DATETIME,
  deleted_at DATETIME,
  touched INTEGER DEFAULT (strftime('%s', 'now'))
);
CREATE INDEX ix_todos_id ON todos (id);
CREATE INDEX ix_todos_live_title ON todos (lower(title)) WHERE deleted_at IS NULL AND is_completed = 0;
CREATE UNIQUE INDEX ux_todos_user_title ON todos (user_id, title);
CREATE VIEW open_todos AS SELECT id, title FROM todos WHERE is_completed = 0;
CREATE TRIGGER todos_touch AFTER UPDATE ON todos BEGIN
  UPDATE todos SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
INSERT INTO users (email) VALUES ('ada@example.com');
INSERT INTO todos (title, user_id) VALUES ('move to Postgres', 1);
)sql";

std::string column_type(pqxx::connection& conn, const std::string& table,
                        const std::string& column) {
  pqxx::nontransaction txn(conn);
  const auto r = txn.exec_params(
      "SELECT format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' "
      "ELSE '' END || CASE a.attidentity WHEN 'd' THEN ' identity by default' WHEN 'a' THEN ' "
      "identity always' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), "
      "'') FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = "
      "a.attnum WHERE a.attrelid = format('%I.%I', '00_personal_todo', $1::text)::regclass AND "
      "a.attname = $2",
      table, column);
  return r.empty() ? "(missing)" : r[0][0].as<std::string>();
}

}  // namespace

TEST_CASE("recon inspect --sqlite: the workshop's SQLite database becomes a Postgres project",
          "[sqlite][cli]") {
  TempWorkspace ws;
  const fs::path file = ws.root() / "database.db";
  write_sqlite(file, kWorkshopSqlite);

  const auto inspect = run_recon({"inspect", "--sqlite", file.string(), "--project",
                                  "00_personal_todo", "--write", "--root", ws.root().string()});
  INFO(inspect.err);
  REQUIRE(inspect.exit_code == 0);
  // What does not carry over is named, on stderr and at the top of the declaration.
  const std::string toml = read_text(ws.root() / "schemas" / "00_personal_todo.toml");
  INFO(toml);
  for (const std::string named :
       {"view open_todos", "trigger todos_touch on todos", "column todos.touched: default"}) {
    CHECK(inspect.err.find("warning: " + named) != std::string::npos);
    CHECK(toml.find("#   " + named) != std::string::npos);
  }
  CHECK(inspect.err.find("note: table alembic_version is left out") != std::string::npos);
  CHECK(toml.find("alembic_version") == std::string::npos);
  CHECK(toml.find("schema = \"00_personal_todo\"") != std::string::npos);

  const auto plan =
      run_recon({"plan", "--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  TestDatabase db;
  const auto apply = run_recon({"apply", "--root", ws.root().string(), "--db", db.url()});
  INFO(apply.err);
  REQUIRE(apply.exit_code == 0);

  // Planning again, from the revisions and from the live database, finds nothing to do.
  const auto again = run_recon({"plan", "--root", ws.root().string(), "--dev-url", server_url(),
                                "--db", db.url(), "--check"});
  INFO(again.out + again.err);
  CHECK(again.exit_code == 0);

  auto& conn = db.conn();
  CHECK(column_type(conn, "todos", "id") == "bigint not null identity by default");
  CHECK(column_type(conn, "users", "id") == "bigint not null identity by default");
  CHECK(column_type(conn, "todos", "title") == "character varying(255) not null");
  CHECK(column_type(conn, "todos", "description") == "text");
  CHECK(column_type(conn, "todos", "is_completed") == "boolean not null default false");
  CHECK(column_type(conn, "users", "is_active") == "boolean not null default true");
  CHECK(column_type(conn, "todos", "priority") ==
        "character varying(6) not null default 'normal'::character varying");
  CHECK(column_type(conn, "todos", "estimate") == "double precision");
  CHECK(column_type(conn, "todos", "price") == "numeric(10,2)");
  CHECK(column_type(conn, "todos", "attachment") == "bytea");
  CHECK(column_type(conn, "todos", "created_at") ==
        "timestamp without time zone not null default CURRENT_TIMESTAMP");
  CHECK(column_type(conn, "todos", "touched") == "bigint");

  pqxx::nontransaction txn(conn);
  const auto constraints = txn.exec(
      "SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
      "WHERE connamespace = '\"00_personal_todo\"'::regnamespace ORDER BY 1");
  std::string all;
  for (const auto& row : constraints) all += row[0].as<std::string>() + "\n";
  INFO(all);
  CHECK(all.find("PRIMARY KEY (id)") != std::string::npos);
  CHECK(all.find("users UNIQUE (email)") != std::string::npos);
  CHECK(all.find("FOREIGN KEY (user_id) REFERENCES \"00_personal_todo\".users(id) ON DELETE SET "
                 "NULL") != std::string::npos);
  CHECK(all.find("'low'") != std::string::npos);      // the priority check
  CHECK(all.find("is_active") == std::string::npos);  // a boolean needs no 0/1 check
  const auto partial =
      txn.exec1("SELECT pg_get_indexdef('\"00_personal_todo\".ix_todos_live_title'::regclass)");
  CHECK(partial[0].as<std::string>().find(
            "WHERE ((deleted_at IS NULL) AND (is_completed = false))") != std::string::npos);
  CHECK(txn.exec1("SELECT indisunique FROM pg_index WHERE indexrelid = "
                  "'\"00_personal_todo\".ux_todos_user_title'::regclass")[0]
            .as<bool>());
  // The app inserts without an id, as it did in SQLite; `public` stays empty.
  CHECK(txn.exec1("INSERT INTO \"00_personal_todo\".users (email) VALUES ('b@example.com') "
                  "RETURNING id")[0]
            .as<long>() == 1);
  CHECK(txn.exec1("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")[0]
            .as<int>() == 0);
}

TEST_CASE("recon inspect --sqlite: a file that is not a SQLite database", "[sqlite][cli]") {
  TempWorkspace ws;
  const fs::path file = ws.root() / "notes.txt";
  std::ofstream(file) << "not a database, but long enough to have a header of one hundred bytes "
                         "so that SQLite reads it and finds no magic string in it";
  const auto result = run_recon({"inspect", "--sqlite", file.string()});
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("notes.txt") != std::string::npos);
  CHECK(result.err.find("not a database") != std::string::npos);
  const auto missing = run_recon({"inspect", "--sqlite", (ws.root() / "nope.db").string()});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("no such file") != std::string::npos);
}
