// Text search end to end, as a user meets it: `recon plan` then `recon apply` on a workspace
// whose declaration changes the mapping of a configuration that a stored column uses.
#include <catch2/catch.hpp>

#include <filesystem>
#include <pqxx/pqxx>

#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

void declare_docs(const TempWorkspace& ws, const std::string& name) {
  fs::copy_file(source_root() / "tests" / "integration" / "data" / "text_search" / name,
                ws.root() / "schemas" / "docs.toml", fs::copy_options::overwrite_existing);
}

ProcessResult plan_docs(const TempWorkspace& ws) {
  return run_recon({"plan", "--root", ws.root().string(), "--dev-url", server_url(), "--no-color"});
}

ProcessResult apply_docs(const TempWorkspace& ws, const TestDatabase& db) {
  return run_recon({"apply", "--root", ws.root().string(), "--db", db.url()});
}

// How many documents match `query` through the stored column, by the text search index.
int matches(TestDatabase& db, const std::string& query) {
  pqxx::work txn(db.conn());
  txn.exec("SET LOCAL enable_seqscan = off");
  return txn
      .exec1("SELECT count(*) FROM docs.doc WHERE search @@ to_tsquery('simple', " +
             txn.quote(query) + ")")[0]
      .as<int>();
}

}  // namespace

TEST_CASE("a changed mapping is planned in place and what the old one stored is recomputed",
          "[text_search][apply][cli]") {
  TempWorkspace ws;
  TestDatabase db;
  declare_docs(ws, "docs.toml");
  const auto first = plan_docs(ws);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  REQUIRE(apply_docs(ws, db).exit_code == 0);
  {
    pqxx::work txn(db.conn());
    txn.exec("INSERT INTO docs.doc VALUES (1, 'The foxes jumped'), (2, 'A dog')");
    txn.commit();
  }
  CHECK(matches(db, "fox") == 1);
  CHECK(matches(db, "foxes") == 0);

  declare_docs(ws, "docs_unstemmed.toml");
  const auto plan = plan_docs(ws);
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(plan.err.find("warning") == std::string::npos);
  std::string revision;
  for (const auto& file : fs::directory_iterator(ws.root() / "plans" / "docs"))
    if (file.path().filename().string().starts_with("0002_")) revision = read_text(file.path());
  CHECK_THAT(revision, Catch::Contains("ALTER TEXT SEARCH CONFIGURATION english_plain ALTER "
                                       "MAPPING FOR asciiword WITH simple;"));
  CHECK_THAT(revision, Catch::Contains("UPDATE doc SET id = id, body = body;"));
  CHECK_THAT(revision, Catch::Contains("table-rewrite"));

  const auto applied = apply_docs(ws, db);
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  // Without the recompute, the stored vectors would still hold the stems.
  CHECK(matches(db, "foxes") == 1);
  CHECK(matches(db, "fox") == 0);
}
