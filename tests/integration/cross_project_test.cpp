// Foreign keys into another project's schema (todos.user_id -> "01_user_auth_todo".users.id):
// plan checks them against the other project's declaration, apply against the database, and
// both say what to do when they do not hold.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

const char* const kUsers = R"toml(schema = "01_user_auth_todo"
[tables.users]
primary_key = ["id"]
[[tables.users.columns]]
name = "id"
type = "bigint"
[[tables.users.columns]]
name = "password_hash"
type = "text"
)toml";

std::string todos(const std::string& references) {
  return R"toml(schema = "00_personal_todo"
[tables.todos]
[[tables.todos.columns]]
name = "user_id"
type = "bigint"
[[tables.todos.foreign_keys]]
columns = ["user_id"]
references = )toml" +
         references + "\n";
}

struct Workshop {
  TempWorkspace ws;
  void write(const std::string& project, const std::string& toml) const {
    std::ofstream(ws.root() / "schemas" / (project + ".toml")) << toml;
  }
  ProcessResult recon(std::vector<std::string> args) const {
    args.insert(args.end(), {"--root", ws.root().string(), "--no-color"});
    return run_recon(args);
  }
};

}  // namespace

TEST_CASE("plan checks a foreign key into another project against its declaration",
          "[cross-project][cli]") {
  Workshop w;
  w.write("01_user_auth_todo", kUsers);
  struct Case {
    std::string references;
    std::string says;
  };
  const std::vector<Case> cases = {
      {R"({ schema = "01_user_auth_todo", table = "user", columns = ["id"] })",
       "table \"user\" is not declared by project 01_user_auth_todo"},
      {R"({ schema = "01_user_auth_todo", table = "users", columns = ["uid"] })",
       "has no column uid (did you mean 'id'?)"},
      {R"({ schema = "01_user_auth_todo", table = "users", columns = ["password_hash"] })",
       "no primary key or unique constraint of \"01_user_auth_todo\".users"},
  };
  for (const auto& c : cases) {
    INFO(c.references);
    w.write("00_personal_todo", todos(c.references));
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"plan", "--dev-url", server_url()},
          std::vector<std::string>{"plan", "00_personal_todo", "--dev-url", server_url()},
          std::vector<std::string>{"verify"}}) {
      const auto result = w.recon(args);
      INFO(args.front() << " " << args.back() << ": " << result.err);
      CHECK(result.exit_code == 3);
      CHECK(result.err.find(c.says) != std::string::npos);
      // At the foreign key in the file.
      CHECK(result.err.find("00_personal_todo.toml:6:") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(w.ws.plans_dir("00_personal_todo")));
  }

  // A correct reference plans.
  w.write("00_personal_todo",
          todos(R"({ schema = "01_user_auth_todo", table = "users", columns = ["id"] })"));
  CHECK(w.recon({"plan", "--dev-url", server_url()}).exit_code == 0);
}

TEST_CASE("apply refuses a foreign key into a project that is not applied yet",
          "[cross-project][cli]") {
  Workshop w;
  w.write("01_user_auth_todo", kUsers);
  w.write("00_personal_todo",
          todos(R"({ schema = "01_user_auth_todo", table = "users", columns = ["id"] })"));
  REQUIRE(w.recon({"plan", "--dev-url", server_url()}).exit_code == 0);
  TestDatabase db;

  const auto early = w.recon({"apply", "00_personal_todo", "--db", db.url()});
  INFO(early.err);
  CHECK(early.exit_code == 4);
  CHECK(early.err.find("adds a foreign key to \"01_user_auth_todo\".users (id), but schema "
                       "\"01_user_auth_todo\" does not exist") != std::string::npos);
  CHECK(early.err.find("apply project 01_user_auth_todo first") != std::string::npos);
  CHECK_FALSE(relation_exists(db.conn(), "00_personal_todo", "todos"));

  {  // The table exists but without a key on the referenced column.
    pqxx::nontransaction txn(db.conn());
    txn.exec(
        "CREATE SCHEMA \"01_user_auth_todo\"; CREATE TABLE \"01_user_auth_todo\".users (id "
        "bigint)");
  }
  const auto unkeyed = w.recon({"apply", "00_personal_todo", "--db", db.url()});
  CHECK(unkeyed.exit_code == 4);
  CHECK(unkeyed.err.find("no primary key or unique constraint of \"01_user_auth_todo\".users "
                         "covers (id)") != std::string::npos);
  {
    pqxx::nontransaction txn(db.conn());
    txn.exec("DROP SCHEMA \"01_user_auth_todo\" CASCADE");
  }

  // Without project names, apply orders the referenced project first.
  const auto all = w.recon({"apply", "--db", db.url()});
  INFO(all.err);
  CHECK(all.exit_code == 0);
  CHECK(applied_count(db.conn(), "00_personal_todo") == 1);
  CHECK(applied_count(db.conn(), "01_user_auth_todo") == 1);
}
