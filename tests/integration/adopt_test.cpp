// Adopting a schema that Alembic manages today (docs/adopting.md): inspect it, plan revision 1
// from empty, record it as a baseline on the existing database, then work as usual; the
// alembic_version table is left alone throughout.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

// What Alembic and SQLAlchemy leave in Postgres: serial ids, a non-native enum (varchar and a
// CHECK ... IN), a foreign key, an index named by op.f(), and the version table.
const char* const kAlembicSchema = R"sql(
CREATE SCHEMA "00_personal_todo";
SET search_path TO "00_personal_todo";
CREATE TABLE alembic_version (version_num varchar(32) NOT NULL,
  CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version VALUES ('2026_02_21_004');
CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE todos (
  id serial NOT NULL,
  title varchar(255) NOT NULL,
  description text,
  priority varchar(6) NOT NULL DEFAULT 'normal',
  is_completed boolean NOT NULL,
  created_at timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL,
  updated_at timestamptz,
  deleted_at timestamptz,
  user_id integer REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT todos_pkey PRIMARY KEY (id),
  CONSTRAINT todo_priority CHECK (priority IN ('low', 'normal', 'high')));
CREATE INDEX ix_todos_id ON todos (id);
CREATE VIEW open_todos AS SELECT id, title FROM todos WHERE NOT is_completed;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at = now(); RETURN NEW; END$$;
CREATE TRIGGER todos_touch BEFORE UPDATE ON todos FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO users (email) VALUES ('ada@example.com');
INSERT INTO todos (title, is_completed, user_id) VALUES ('adopt recon', false, 1);
)sql";

std::string alembic_state(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  std::string out;
  for (const auto& row :
       txn.exec("SELECT version_num, (SELECT string_agg(pg_get_constraintdef(oid), ';') FROM "
                "pg_constraint WHERE conrelid = '\"00_personal_todo\".alembic_version'::regclass) "
                "FROM \"00_personal_todo\".alembic_version"))
    out += row[0].as<std::string>() + " " + row[1].as<std::string>();
  return out;
}

}  // namespace

TEST_CASE("adopting an Alembic-managed schema: inspect, plan, baseline, then ordinary work",
          "[adopt][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  {
    pqxx::nontransaction txn(db.conn());
    txn.exec(kAlembicSchema);
  }
  const std::string before = alembic_state(db.conn());
  REQUIRE(before == "2026_02_21_004 PRIMARY KEY (version_num)");
  const std::vector<std::string> root = {"--root", ws.root().string()};
  auto recon = [&](std::vector<std::string> args) {
    args.insert(args.end(), root.begin(), root.end());
    auto result = run_recon(args);
    UNSCOPED_INFO("recon " << args[0] << ": " << result.out << result.err);
    return result;
  };

  // 1. inspect: alembic_version is declared ignored without being asked; the trigger's
  // function and the trigger are declared with the tables.
  const auto inspect =
      recon({"inspect", "--db", db.url(), "--schema", "00_personal_todo", "--write"});
  REQUIRE(inspect.exit_code == 0);
  CHECK(inspect.err.find("alembic_version") != std::string::npos);
  CHECK(inspect.err.find("warning") == std::string::npos);
  const fs::path toml = ws.root() / "schemas" / "00_personal_todo.toml";
  const std::string declared = read_text(toml);
  CHECK(declared.find("[functions.touch]") != std::string::npos);
  CHECK(declared.find("[tables.todos.triggers.todos_touch]") != std::string::npos);
  CHECK(declared.find("ignore = [\"alembic_version\"]") != std::string::npos);
  CHECK(declared.find("[tables.alembic_version]") == std::string::npos);

  // 2. plan: revision 1 creates the schema from empty.
  REQUIRE(recon({"plan", "--dev-url", server_url(), "--no-color"}).exit_code == 0);
  const fs::path first = ws.plans_dir("00_personal_todo") / "0001_initial.sql";
  REQUIRE(fs::exists(first));
  CHECK(read_text(first).find("alembic_version") == std::string::npos);

  // 3. apply --baseline 1: recorded, nothing run, nothing changed.
  const auto baseline = recon({"apply", "--db", db.url(), "--baseline", "1"});
  REQUIRE(baseline.exit_code == 0);
  CHECK(baseline.out.find("baseline") != std::string::npos);
  CHECK(applied_count(db.conn(), "00_personal_todo") == 1);
  const auto status = recon({"status", "--db", db.url(), "--detailed-exitcode"});
  CHECK(status.exit_code == 0);

  // 4. ordinary work: a column and an index, planned as revision 2 and applied.
  std::ofstream(toml, std::ios::app) << R"toml(
[[tables.todos.columns]]
name = "due_at"
type = "timestamptz"

[[tables.todos.indexes]]
columns = ["due_at"]
where = "NOT is_completed"
)toml";
  REQUIRE(recon({"plan", "--dev-url", server_url(), "-m", "due date"}).exit_code == 0);
  const fs::path second = ws.plans_dir("00_personal_todo") / "0002_due_date.sql";
  REQUIRE(fs::exists(second));
  const std::string revision = read_text(second);
  CHECK(revision.find("Summary (2 steps)") != std::string::npos);
  CHECK(revision.find("alembic_version") == std::string::npos);
  REQUIRE(recon({"apply", "--db", db.url()}).exit_code == 0);
  CHECK(applied_count(db.conn(), "00_personal_todo") == 2);
  CHECK(recon({"plan", "--dev-url", server_url(), "--db", db.url(), "--check"}).exit_code == 0);

  // The data, the old tool's version table and the objects recon cannot declare are intact.
  CHECK(alembic_state(db.conn()) == before);
  pqxx::nontransaction txn(db.conn());
  CHECK(txn.exec1("SELECT title FROM \"00_personal_todo\".todos")[0].as<std::string>() ==
        "adopt recon");
  CHECK(txn.exec1("SELECT count(*) FROM pg_trigger WHERE tgname = 'todos_touch'")[0].as<int>() ==
        1);
  CHECK(txn.exec1("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                  "'00_personal_todo' AND table_name = 'todos' AND column_name = 'due_at'")[0]
            .as<int>() == 1);
}

// What inspect cannot declare is named with what to do about it, and a project that ignores
// it by the name inspect gave is not warned again; planning such a project leaves it alone.
TEST_CASE("inspect names what it cannot declare with the way out, and ignore quiets it",
          "[adopt][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  {
    pqxx::nontransaction txn(db.conn());
    txn.exec(R"sql(
CREATE SCHEMA shop;
CREATE TABLE shop.orders (id int PRIMARY KEY, city text, zip text) WITH (fillfactor = 70);
CREATE RULE protect AS ON DELETE TO shop.orders DO INSTEAD NOTHING;
CREATE STATISTICS shop.orders_place ON city, zip FROM shop.orders;
)sql");
  }
  const auto inspect = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"inspect", "--db",   db.url(),           "--schema",
                                     "shop",    "--root", ws.root().string(), "--write"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = run_recon(args);
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    return result.err;
  };
  const std::string all = inspect({});
  CHECK(all.find("warning: rule orders.protect cannot be declared") != std::string::npos);
  CHECK(all.find("a trigger (declared under the table) or a view does the same") !=
        std::string::npos);
  CHECK(all.find("warning: extended statistics orders_place cannot be declared") !=
        std::string::npos);
  CHECK(all.find("warning: relation options orders (fillfactor=70) cannot be declared") !=
        std::string::npos);
  CHECK(all.find("recon plan PROJECT --with FILE.sql") != std::string::npos);
  CHECK(all.find("To quiet this warning: ignore = [\"orders.protect\"]") != std::string::npos);

  fs::remove(ws.root() / "schemas" / "shop.toml");
  const std::string quiet = inspect({"--ignore", "orders.protect", "--ignore", "orders_place"});
  CHECK(quiet.find("rule orders.protect") == std::string::npos);
  CHECK(quiet.find("orders_place") == std::string::npos);
  CHECK(quiet.find("warning: relation options orders") != std::string::npos);
  const std::string declared = read_text(ws.root() / "schemas" / "shop.toml");
  CHECK(declared.find("\"orders.protect\"") != std::string::npos);

  // The ignored names are no relations: the project still plans, and applies to an empty
  // database with the table alone.
  const auto plan =
      run_recon({"plan", "--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  TestDatabase fresh;
  const auto applied = run_recon({"apply", "--root", ws.root().string(), "--db", fresh.url()});
  INFO(applied.out << applied.err);
  CHECK(applied.exit_code == 0);
}

// A first inspect in an empty directory: the workspace's schemas/ is made, and the file is
// there when inspect says it wrote it.
TEST_CASE("inspect --write starts a workspace in an empty directory", "[adopt][cli]") {
  TestDatabase db;
  {
    pqxx::nontransaction txn(db.conn());
    txn.exec("CREATE SCHEMA fresh; CREATE TABLE fresh.t (id int)");
  }
  TempDir empty;
  const auto written = run_recon(
      {"inspect", "--db", db.url(), "--schema", "fresh", "--write", "--root", empty.path.string()});
  INFO(written.out << written.err);
  REQUIRE(written.exit_code == 0);
  CHECK(read_text(empty.path / "schemas" / "fresh.toml").find("[tables.t]") != std::string::npos);
}
