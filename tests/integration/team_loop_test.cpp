// The team's daily loop (issue 20) on a real Postgres, through the recon binary: changes made
// by hand taken in without breaking the chain, two branches that each planned the next revision
// merged and rebased, and a revert planned as a forward revision.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;
namespace exit_code = recon::exit_code;

namespace {

const char* kTeamTodos = R"toml(schema = "todo"

[tables.todos]
primary_key = ["id"]
columns = [
  { name = "id", type = "bigint", identity = "always" },
  { name = "title", type = "text", nullable = false },
]
)toml";

struct Project {
  TempWorkspace ws;
  TestDatabase db;

  void declare(const std::string& toml) const {
    std::ofstream(ws.root() / "schemas" / "todo.toml", std::ios::trunc) << toml;
  }
  // recon in the workspace, on the dev server; on `url` when given (--db).
  ProcessResult recon(std::vector<std::string> args, const std::string& url = "") const {
    args.insert(args.end(),
                {"--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
    if (!url.empty()) args.insert(args.end(), {"--db", url});
    return run_recon(args);
  }
  void sql(const std::string& statement) {
    pqxx::work w(db.conn());
    w.exec(statement);
    w.commit();
  }
  std::vector<std::string> revision_names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(ws.plans_dir("todo")))
      out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  std::map<std::string, std::string> revision_bytes() const {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::directory_iterator(ws.plans_dir("todo")))
      out[entry.path().filename().string()] = read_text(entry.path());
    return out;
  }
};

std::string with_column(const std::string& toml, const std::string& column) {
  std::string out = toml;
  out.insert(out.find("]\n", out.find("columns = [")), column + "\n");
  return out;
}

void git(const fs::path& root, const std::string& args) {
  const std::string command = "git -C '" + root.string() +
                              "' -c user.name=test -c user.email=test@example.com "
                              "-c init.defaultBranch=main " +
                              args + " >/dev/null 2>&1";
  INFO(command);
  REQUIRE(std::system(command.c_str()) == 0);
}

}  // namespace

TEST_CASE("changes made by hand, taken in with plan --db, leave a chain that replays",
          "[team][take-in][cli]") {
  Project p;
  p.declare(kTeamTodos);
  REQUIRE(p.recon({"plan"}).exit_code == 0);
  REQUIRE(p.recon({"apply"}, p.db.url()).exit_code == 0);

  // A hotfix by hand, with data in it.
  p.sql(
      "ALTER TABLE todo.todos ADD COLUMN hotfix_flag boolean;"
      "CREATE INDEX todos_title_idx ON todo.todos (title);"
      "INSERT INTO todo.todos (title, hotfix_flag) VALUES ('urgent', true)");
  const std::string with_note = with_column(kTeamTodos, "  { name = \"note\", type = \"text\" },");
  p.declare(with_note);
  REQUIRE(p.recon({"plan", "-m", "note"}).exit_code == 0);
  const auto refused = p.recon({"apply"}, p.db.url());
  INFO(refused.err);
  CHECK(refused.exit_code == exit_code::refused);
  CHECK_THAT(refused.err, Catch::Contains("+ column todos.hotfix_flag"));
  CHECK_THAT(refused.err, Catch::Contains("recon plan --db"));

  // Declared, and planned from the database: refused while 0002_note, which this database has
  // not applied, is the last revision (the take-in comes after the last).
  const std::string declared =
      with_column(with_note, "  { name = \"hotfix_flag\", type = \"boolean\" },") +
      "\n[[tables.todos.indexes]]\nname = \"todos_title_idx\"\ncolumns = [\"title\"]\n";
  p.declare(declared);
  const auto behind = p.recon({"plan"}, p.db.url());
  INFO(behind.err);
  CHECK(behind.exit_code == exit_code::refused);
  CHECK_THAT(behind.err, Catch::Contains("0002_note.sql"));
  CHECK_THAT(behind.err, Catch::Contains("delete them"));

  // Deleted (it was never applied anywhere), and planned again from the database.
  fs::remove(p.ws.plans_dir("todo") / "0002_note.sql");
  const auto planned = p.recon({"plan"}, p.db.url());
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  const auto names = p.revision_names();
  REQUIRE(names.size() == 3);
  CHECK(names[1].rfind("0002_take_in_", 0) == 0);
  const std::string take_in = read_text(p.ws.plans_dir("todo") / names[1]);
  CHECK_THAT(take_in, Catch::Contains("-- planned-from: database"));
  CHECK_THAT(take_in, Catch::Contains("+ column todos.hotfix_flag"));
  CHECK_THAT(take_in, Catch::Contains("+ index todos.todos_title_idx"));
  const std::string declared_revision = read_text(p.ws.plans_dir("todo") / names[2]);
  CHECK_THAT(declared_revision, Catch::Contains("-- planned-from: chain"));
  CHECK_THAT(declared_revision, Catch::Contains("+ column todos.note"));
  CHECK_THAT(declared_revision, !Catch::Contains("hotfix_flag"));

  // Status before apply: the take-in is pending, not drift.
  const auto before = p.recon({"status"}, p.db.url());
  INFO(before.out << before.err);
  CHECK_THAT(before.out, Catch::Contains("drift:    none"));

  // Apply records the take-in without running it, and runs the declared change.
  const auto applied = p.recon({"apply"}, p.db.url());
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK_THAT(applied.out + applied.err, Catch::Contains("without running its steps"));
  {
    pqxx::nontransaction read(p.db.conn());
    CHECK(read.exec1("SELECT hotfix_flag FROM todo.todos WHERE title = 'urgent'")[0].as<bool>());
    CHECK(read.exec1("SELECT state FROM todo.recon_revisions WHERE number = 2")[0]
              .as<std::string>() == "baseline");
  }

  // Everything agrees from then on.
  CHECK(p.recon({"verify"}).exit_code == 0);
  const auto check = p.recon({"plan", "--check"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  const auto status = p.recon({"status", "--detailed-exitcode"}, p.db.url());
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);

  // The next revision plans and applies.
  p.declare(with_column(declared, "  { name = \"done\", type = \"boolean\" },"));
  const auto next = p.recon({"plan"});
  INFO(next.out << next.err);
  REQUIRE(next.exit_code == 0);
  CHECK_THAT(next.out, Catch::Contains("+ column todos.done"));
  CHECK_THAT(next.out, !Catch::Contains("hotfix_flag"));
  const auto next_applied = p.recon({"apply"}, p.db.url());
  INFO(next_applied.err);
  CHECK(next_applied.exit_code == 0);

  // A database that never had the hotfix runs every revision, the take-in's steps included,
  // and reaches the same state.
  TestDatabase fresh;
  const auto from_scratch = p.recon({"apply"}, fresh.url());
  INFO(from_scratch.out << from_scratch.err);
  CHECK(from_scratch.exit_code == 0);
  CHECK(live_fingerprint(fresh.conn(), "todo") == live_fingerprint(p.db.conn(), "todo"));
}

TEST_CASE("plan --db on a schema recon never managed writes revision 1, recorded there as it is",
          "[team][take-in][cli]") {
  Project p;
  p.sql(
      "CREATE SCHEMA todo; CREATE TABLE todo.todos (id bigint GENERATED ALWAYS AS IDENTITY "
      "PRIMARY KEY, title text NOT NULL)");
  p.declare(with_column(kTeamTodos, "  { name = \"note\", type = \"text\" },"));
  const auto planned = p.recon({"plan", "-m", "note"}, p.db.url());
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  REQUIRE(p.revision_names() == std::vector<std::string>{"0001_initial.sql", "0002_note.sql"});
  const auto applied = p.recon({"apply"}, p.db.url());
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(p.recon({"plan", "--check"}).exit_code == 0);
  CHECK(p.recon({"status", "--detailed-exitcode"}, p.db.url()).exit_code == 0);
}

TEST_CASE("two branches that each planned revision 0002, merged, are rebased by recon rebase",
          "[team][rebase][cli]") {
  Project p;
  const fs::path root = p.ws.root();
  p.declare(kTeamTodos);
  REQUIRE(p.recon({"plan"}).exit_code == 0);
  git(root, "init");
  git(root, "add -A");
  git(root, "commit -m base");

  // Branch tags appends a table at the end of the declaration; branch notes adds one at the
  // start: git merges both without a conflict.
  git(root, "checkout -b tags");
  p.declare(std::string(kTeamTodos) +
            "\n[tables.tags]\nprimary_key = [\"name\"]\ncolumns = [{ name = \"name\", type = "
            "\"text\" }]\n");
  REQUIRE(p.recon({"plan", "-m", "tags"}).exit_code == 0);
  git(root, "add -A");
  git(root, "commit -m tags");

  git(root, "checkout main");
  git(root, "checkout -b notes");
  std::string notes = kTeamTodos;
  notes.insert(notes.find('\n') + 1,
               "\n[tables.notes]\nprimary_key = [\"id\"]\ncolumns = [{ name = \"id\", type = "
               "\"bigint\" }]\n");
  p.declare(notes);
  REQUIRE(p.recon({"plan", "-m", "notes"}).exit_code == 0);
  git(root, "add -A");
  git(root, "commit -m notes");
  // Staging got the notes branch before the merge.
  TestDatabase staging;
  REQUIRE(p.recon({"apply"}, staging.url()).exit_code == 0);

  git(root, "checkout main");
  git(root, "merge --no-ff tags -m 'merge tags'");
  git(root, "merge --no-ff notes -m 'merge notes'");
  git(root, "tag merged");
  REQUIRE(p.revision_names() ==
          std::vector<std::string>{"0001_initial.sql", "0002_notes.sql", "0002_tags.sql"});

  // Every command refuses, naming both files and the way out.
  for (const auto& args :
       {std::vector<std::string>{"verify"}, std::vector<std::string>{"plan", "--check"}}) {
    const auto refused = p.recon(args);
    INFO(args.front() << ": " << refused.err);
    CHECK(refused.exit_code == exit_code::invalid_input);
    CHECK_THAT(refused.err, Catch::Contains("0002_notes.sql"));
    CHECK_THAT(refused.err, Catch::Contains("0002_tags.sql"));
    CHECK_THAT(refused.err, Catch::Contains("recon rebase todo"));
  }

  SECTION("without a database: the revision merged first is kept") {
    const auto rebased = p.recon({"rebase", "todo"});
    INFO(rebased.out << rebased.err);
    REQUIRE(rebased.exit_code == 0);
    CHECK_THAT(rebased.out, Catch::Contains("kept plans/todo/0002_tags.sql (merged first"));
    CHECK_THAT(rebased.out, Catch::Contains("removed plans/todo/0002_notes.sql"));
    CHECK_THAT(rebased.out, Catch::Contains("wrote plans/todo/0003_notes.sql"));
    REQUIRE(p.revision_names() ==
            std::vector<std::string>{"0001_initial.sql", "0002_tags.sql", "0003_notes.sql"});
    const std::string third = read_text(p.ws.plans_dir("todo") / "0003_notes.sql");
    CHECK_THAT(third, Catch::Contains("+ table notes"));
    CHECK_THAT(third, !Catch::Contains("+ table tags"));
    CHECK(p.recon({"verify"}).exit_code == 0);
    CHECK(p.recon({"plan", "--check"}).exit_code == 0);
    TestDatabase fresh;
    CHECK(p.recon({"apply"}, fresh.url()).exit_code == 0);
  }

  SECTION("with the database that applied the other: that one is kept") {
    const auto rebased = p.recon({"rebase", "todo"}, staging.url());
    INFO(rebased.out << rebased.err);
    REQUIRE(rebased.exit_code == 0);
    CHECK_THAT(rebased.out, Catch::Contains("kept plans/todo/0002_notes.sql (the database has"));
    REQUIRE(p.revision_names() ==
            std::vector<std::string>{"0001_initial.sql", "0002_notes.sql", "0003_tags.sql"});
    const auto applied = p.recon({"apply"}, staging.url());
    INFO(applied.out << applied.err);
    CHECK(applied.exit_code == 0);
    CHECK(relation_exists(staging.conn(), "todo", "tags"));
    CHECK(p.recon({"plan", "--check"}).exit_code == 0);
  }
}

TEST_CASE("recon revert plans a forward revision back to revision N's state",
          "[team][revert][cli]") {
  Project p;
  p.declare(kTeamTodos);
  REQUIRE(p.recon({"plan"}).exit_code == 0);
  REQUIRE(p.recon({"apply"}, p.db.url()).exit_code == 0);
  const std::string first_state = live_fingerprint(p.db.conn(), "todo");
  p.declare(with_column(kTeamTodos, "  { name = \"due\", type = \"date\" },"));
  REQUIRE(p.recon({"plan", "-m", "due"}).exit_code == 0);
  REQUIRE(p.recon({"apply"}, p.db.url()).exit_code == 0);
  p.sql("INSERT INTO todo.todos (title, due) VALUES ('taxes', '2026-04-30')");

  // apply --to below the applied revision points to revert.
  const auto backwards = p.recon({"apply", "--to", "1"}, p.db.url());
  CHECK(backwards.exit_code == exit_code::refused);
  CHECK_THAT(backwards.err, Catch::Contains("recon revert todo --to 1"));

  // Only to a revision before the last.
  CHECK(p.recon({"revert", "todo", "--to", "2"}).exit_code == exit_code::invalid_input);

  const auto history = p.revision_bytes();
  const auto reverted = p.recon({"revert", "todo", "--to", "1"});
  INFO(reverted.out << reverted.err);
  REQUIRE(reverted.exit_code == 0);
  CHECK_THAT(reverted.out, Catch::Contains("--allow-hazards data-loss"));
  auto after = p.revision_bytes();
  REQUIRE(after.count("0003_revert_to_0001.sql") == 1);
  const std::string revert = after["0003_revert_to_0001.sql"];
  after.erase("0003_revert_to_0001.sql");
  CHECK(after == history);  // history is never edited
  CHECK_THAT(revert, Catch::Contains("- column todos.due"));
  CHECK_THAT(revert, Catch::Contains("-- hazard data-loss:"));
  CHECK_THAT(revert, Catch::Contains("-- target: " + first_state));

  // Data loss is refused without the opt-in, and nothing changes.
  const auto refused = p.recon({"apply"}, p.db.url());
  INFO(refused.err);
  CHECK(refused.exit_code == exit_code::refused);
  CHECK_THAT(refused.err, Catch::Contains("data-loss"));
  CHECK(column_exists(p.db.conn(), "todo", "todos", "due"));

  const auto allowed = p.recon({"apply", "--allow-hazards", "data-loss"}, p.db.url());
  INFO(allowed.out << allowed.err);
  CHECK(allowed.exit_code == 0);
  CHECK_FALSE(column_exists(p.db.conn(), "todo", "todos", "due"));
  CHECK(live_fingerprint(p.db.conn(), "todo") == first_state);
  CHECK(p.recon({"verify"}).exit_code == 0);
}
