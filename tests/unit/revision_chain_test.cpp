#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "catalog/fingerprint.hpp"
#include "plan/rebase.hpp"
#include "plan/revision_chain.hpp"
#include "plan/revision_file.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;
using recon::Chain;
using recon::compute_checksum;
using recon::make_slug;
using recon::parse_revision_file_name;
using recon::read_chain;
using recon::render_revision;
using recon::Revision;
using recon::revision_file_name;
using recon::Step;
using recon::write_revision;
using recon::testing::read_text;
using recon::testing::TempDir;
using recon::testing::write_file;

namespace {

const std::string kProject = "00_personal_todo";
const std::string kSchema = "00_personal_todo";

std::string digest_of(std::string_view seed) {
  return "sha256:" + recon::sha256_hex(seed);
}

Revision make_revision(int number, const std::string& slug, const Revision* parent,
                       const std::string& sql = "") {
  Revision r;
  r.number = number;
  r.slug = slug;
  if (parent) {
    r.parent_number = parent->number;
    r.parent_checksum = compute_checksum(render_revision(*parent));
  }
  r.recon_version = "0.1.0";
  r.plan.project = kProject;
  r.plan.schema = kSchema;
  r.plan.source_fingerprint = digest_of("state " + std::to_string(number - 1));
  r.plan.target_fingerprint = digest_of("state " + std::to_string(number));
  r.plan.steps = {Step{"+ table t" + std::to_string(number),
                       sql.empty() ? "CREATE TABLE t" + std::to_string(number) + " ();" : sql,
                       {},
                       true}};
  return r;
}

// Three chained revisions 0001..0003 in dir.
std::vector<Revision> write_chain(const fs::path& dir) {
  std::vector<Revision> revisions;
  revisions.push_back(make_revision(1, "create_todos", nullptr));
  revisions.push_back(make_revision(2, "add_updated_at", &revisions[0]));
  revisions.push_back(make_revision(3, "drop_old_index", &revisions[1]));
  for (const auto& r : revisions) write_revision(dir, r);
  return revisions;
}

recon::ChainProblem only_problem(const Chain& chain, const std::string& kind) {
  INFO([&] {
    std::string all;
    for (const auto& p : chain.problems) all += p.kind + ": " + p.message + "\n";
    return all;
  }());
  REQUIRE(chain.problems.size() == 1);
  CHECK(chain.problems[0].kind == kind);
  return chain.problems[0];
}

}  // namespace

TEST_CASE("revision file names and slugs", "[verify]") {
  CHECK(revision_file_name(2, "add_updated_at") == "0002_add_updated_at.sql");
  CHECK(revision_file_name(12345, "x") == "12345_x.sql");
  CHECK(parse_revision_file_name("0002_add_updated_at.sql") ==
        std::pair<int, std::string>(2, "add_updated_at"));
  CHECK(parse_revision_file_name("12345_x.sql") == std::pair<int, std::string>(12345, "x"));
  CHECK_FALSE(parse_revision_file_name("002_x.sql"));
  CHECK_FALSE(parse_revision_file_name("0000_x.sql"));
  CHECK_FALSE(parse_revision_file_name("0002_.sql"));
  CHECK_FALSE(parse_revision_file_name("0002_Add.sql"));
  CHECK_FALSE(parse_revision_file_name("0002-add.sql"));
  CHECK_FALSE(parse_revision_file_name("0002_add.sql.bak"));
  CHECK_FALSE(parse_revision_file_name("1234567890_x.sql"));
  CHECK_FALSE(parse_revision_file_name("notes.sql"));

  CHECK(make_slug("Add updated_at to todos!") == "add_updated_at_to_todos");
  CHECK(make_slug("  --Drop   OLD index-- ") == "drop_old_index");
  CHECK(make_slug("caf\xc3\xa9 cr\xc3\xa8me") == "caf_crme");
  CHECK(make_slug("") == "change");
  CHECK(make_slug("!!! \xe2\x9c\x93 ???") == "change");
  const std::string slug = make_slug(std::string(100, 'a') + " b");
  CHECK(slug == std::string(60, 'a'));
  const std::string cut = make_slug(std::string(59, 'a') + " bcd");
  CHECK(cut == std::string(59, 'a'));  // never ends with '_'
  CHECK(make_slug("a_b__c") == "a_b_c");
}

TEST_CASE("a chain of three revisions is ok", "[verify]") {
  TempDir tmp;
  const fs::path dir = tmp.path / "plans" / kProject;
  const auto written = write_chain(dir);
  const Chain chain = read_chain(dir, kProject, kSchema);
  CHECK(chain.ok());
  CHECK(chain.project == kProject);
  REQUIRE(chain.revisions.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(chain.revisions[i].number == static_cast<int>(i) + 1);
    CHECK(chain.revisions[i].slug == written[i].slug);
    CHECK(chain.revisions[i].checksum == compute_checksum(render_revision(written[i])));
    CHECK(chain.revisions[i].file == dir / revision_file_name(written[i].number, written[i].slug));
  }
  // No temporary file is left behind.
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 3);
  CHECK(read_text(dir / "0002_add_updated_at.sql") == render_revision(written[1]));
}

TEST_CASE("the last revision's target is peeked at without reading the chain", "[verify]") {
  TempDir tmp;
  const fs::path dir = tmp.path / "plans" / kProject;
  CHECK_FALSE(recon::peek_last_target(dir));  // no directory
  const auto written = write_chain(dir);
  CHECK(recon::peek_last_target(dir) == written[2].plan.target_fingerprint);
  write_file(dir / "notes.sql", "-- target: sha256:not-a-revision\n");
  write_file(dir / "0004_broken.sql", "garbage\n");
  CHECK_FALSE(recon::peek_last_target(dir));  // the last one says nothing: no hint
}

TEST_CASE("an empty or missing plan directory is an empty chain", "[verify]") {
  TempDir tmp;
  const Chain missing = read_chain(tmp.path / "nope", kProject, kSchema);
  CHECK(missing.ok());
  CHECK(missing.revisions.empty());
  const Chain empty = read_chain(tmp.path, kProject, kSchema);
  CHECK(empty.ok());
  CHECK(empty.revisions.empty());
  write_file(tmp.path / "README.md", "notes\n");
  CHECK(read_chain(tmp.path, kProject, kSchema).ok());
}

TEST_CASE("a missing revision is a gap", "[verify]") {
  TempDir tmp;
  write_chain(tmp.path);
  fs::remove(tmp.path / "0002_add_updated_at.sql");
  const Chain chain = read_chain(tmp.path, kProject, kSchema);
  const auto problem = only_problem(chain, "gap");
  CHECK(problem.file == tmp.path / "0003_drop_old_index.sql");
  CHECK_THAT(problem.message, Catch::Contains("revision 0002 is missing"));

  TempDir late;
  write_revision(late.path, make_revision(2, "second", nullptr));
  CHECK_THAT(read_chain(late.path, kProject, kSchema).problems.at(0).message,
             Catch::Contains("revision 0001 is missing"));
}

TEST_CASE("an edited revision is detected", "[verify]") {
  TempDir tmp;
  const fs::path dir = tmp.path / "plans" / "x";
  write_chain(dir);
  const fs::path file = dir / "0002_add_updated_at.sql";
  std::string text = read_text(file);
  text.replace(text.find("CREATE TABLE t2"), 15, "CREATE TABLE t9");
  write_file(file, text);
  const Chain chain = read_chain(dir, kProject, kSchema);
  const auto problem = only_problem(chain, "edited");
  CHECK(problem.file == file);
  CHECK_THAT(problem.message,
             Catch::StartsWith(file.string() +
                               ": edited after it was planned: its checksum does not match its "
                               "content"));
  CHECK(chain.revisions.size() == 3);
}

TEST_CASE("a broken link is detected", "[verify]") {
  TempDir tmp;
  const auto revisions = write_chain(tmp.path);

  SECTION("the parent was replaced after the child was planned") {
    const fs::path second = tmp.path / "0002_add_updated_at.sql";
    fs::remove(second);
    write_revision(tmp.path, make_revision(2, "add_updated_at", &revisions[0], "SELECT 2;"));
    const auto problem = only_problem(read_chain(tmp.path, kProject, kSchema), "broken-link");
    CHECK(problem.file == tmp.path / "0003_drop_old_index.sql");
    CHECK_THAT(problem.message, Catch::Contains("is not the checksum of 0002_add_updated_at.sql"));
  }
  SECTION("the parent number is wrong") {
    const fs::path third = tmp.path / "0003_drop_old_index.sql";
    fs::remove(third);
    Revision r = make_revision(3, "drop_old_index", &revisions[1]);
    r.parent_number = 1;
    write_revision(tmp.path, r);
    const auto problem = only_problem(read_chain(tmp.path, kProject, kSchema), "broken-link");
    CHECK_THAT(problem.message, Catch::Contains("its parent is 0001, but the revision before it is "
                                                "0002_add_updated_at.sql"));
  }
  SECTION("the first revision has a parent") {
    fs::remove_all(tmp.path);
    fs::create_directory(tmp.path);
    Revision r = make_revision(1, "first", nullptr);
    r.parent_number = 7;
    r.parent_checksum = digest_of("x");
    write_revision(tmp.path, r);
    only_problem(read_chain(tmp.path, kProject, kSchema), "broken-link");
  }
}

TEST_CASE("two revisions planned from the same parent are a fork", "[verify]") {
  TempDir tmp;
  const auto revisions = write_chain(tmp.path);
  const fs::path theirs = tmp.path / "0003_drop_old_index.sql";

  SECTION("same number") {
    const fs::path mine = tmp.path / "0003_add_priority.sql";
    write_file(mine, render_revision(make_revision(3, "add_priority", &revisions[1])));
    const auto problem = only_problem(read_chain(tmp.path, kProject, kSchema), "fork");
    CHECK_THAT(problem.message, Catch::Contains(theirs.string()));
    CHECK_THAT(problem.message, Catch::Contains(mine.string()));
    CHECK_THAT(problem.message,
               Catch::Contains("two revisions were planned from the same parent, likely in "
                               "parallel pull requests merged together: `recon rebase " +
                               std::string(kProject) + "` keeps the one merged first"));
  }
  SECTION("renumbered, same parent") {
    const fs::path mine = tmp.path / "0004_add_priority.sql";
    Revision r = make_revision(4, "add_priority", &revisions[1]);
    write_file(mine, render_revision(r));
    const auto problem = only_problem(read_chain(tmp.path, kProject, kSchema), "fork");
    CHECK_THAT(problem.message, Catch::Contains(theirs.string() + " and " + mine.string()));
    CHECK_THAT(problem.message, Catch::Contains("`recon rebase " + std::string(kProject) + "`"));
  }
}

TEST_CASE("rebase finds the fork and the branch planned on each side of it", "[rebase]") {
  TempDir tmp;
  const auto revisions = write_chain(tmp.path);  // 0001..0003 on one branch
  Revision other = make_revision(2, "add_priority", &revisions[0]);
  write_file(tmp.path / "0002_add_priority.sql", render_revision(other));
  other.checksum = compute_checksum(render_revision(other));
  write_file(tmp.path / "0003_priority_index.sql",
             render_revision(make_revision(3, "priority_index", &other)));
  const Chain chain = read_chain(tmp.path, kProject, kSchema);
  const auto fork = recon::plan::find_fork(chain);
  REQUIRE(fork);
  REQUIRE(fork->heads.size() == 2);
  CHECK(fork->heads[0]->slug == "add_priority");
  CHECK(fork->heads[1]->slug == "add_updated_at");
  const auto slugs = [&](const Revision& head) {
    std::vector<std::string> out;
    for (const Revision* r : recon::plan::branch_of(chain, head)) out.push_back(r->slug);
    return out;
  };
  CHECK(slugs(*fork->heads[0]) == std::vector<std::string>{"add_priority", "priority_index"});
  CHECK(slugs(*fork->heads[1]) == std::vector<std::string>{"add_updated_at", "drop_old_index"});

  fs::remove(tmp.path / "0002_add_priority.sql");
  fs::remove(tmp.path / "0003_priority_index.sql");
  CHECK_FALSE(recon::plan::find_fork(read_chain(tmp.path, kProject, kSchema)));
}

TEST_CASE("a revision of another project or schema is foreign", "[verify]") {
  TempDir tmp;
  const auto revisions = write_chain(tmp.path);
  Revision r = make_revision(4, "billing_thing", &revisions[2]);
  r.plan.project = "billing";
  write_revision(tmp.path, r);
  const auto problem = only_problem(read_chain(tmp.path, kProject, kSchema), "foreign");
  CHECK(problem.file == tmp.path / "0004_billing_thing.sql");
  CHECK_THAT(problem.message, Catch::Contains("planned for project 'billing'"));

  const Chain other_schema = read_chain(tmp.path / "", "billing", "tenant_1");
  CHECK(other_schema.problems.size() == 4);
}

TEST_CASE("stray and malformed files are reported", "[verify]") {
  TempDir tmp;
  write_chain(tmp.path);

  SECTION("stray") {
    write_file(tmp.path / "notes.sql", "SELECT 1;\n");
    write_file(tmp.path / "notes.txt", "ignored\n");
    const auto problem = only_problem(read_chain(tmp.path, kProject, kSchema), "stray");
    CHECK(problem.file == tmp.path / "notes.sql");
    CHECK_THAT(problem.message, Catch::Contains("not named like a revision"));
  }
  SECTION("malformed") {
    write_file(tmp.path / "0004_bad.sql", "DROP TABLE users;\n");
    const Chain chain = read_chain(tmp.path, kProject, kSchema);
    const auto problem = only_problem(chain, "malformed");
    CHECK_THAT(problem.message, Catch::Contains((tmp.path / "0004_bad.sql").string() +
                                                ":1:1: not a recon revision"));
    CHECK(chain.revisions.size() == 3);
  }
  SECTION("renamed") {
    fs::rename(tmp.path / "0003_drop_old_index.sql", tmp.path / "0003_other_name.sql");
    const auto problem = only_problem(read_chain(tmp.path, kProject, kSchema), "malformed");
    CHECK_THAT(problem.message, Catch::Contains("its name does not match its header"));
  }
}

TEST_CASE("write_revision never replaces a revision", "[verify]") {
  TempDir tmp;
  const auto revisions = write_chain(tmp.path);
  const std::string before = read_text(tmp.path / "0002_add_updated_at.sql");
  CHECK_THROWS_WITH(write_revision(tmp.path, revisions[1]), Catch::Contains("already exists"));
  CHECK_THROWS_WITH(write_revision(tmp.path, make_revision(2, "other", &revisions[0])),
                    Catch::Contains("0002_add_updated_at.sql already exists"));
  CHECK(read_text(tmp.path / "0002_add_updated_at.sql") == before);
  CHECK(std::distance(fs::directory_iterator(tmp.path), fs::directory_iterator()) == 3);
  Revision invalid = make_revision(4, "Bad Slug", &revisions[2]);
  CHECK_THROWS_AS(write_revision(tmp.path, invalid), std::invalid_argument);
  CHECK(read_chain(tmp.path, kProject, kSchema).ok());
}
