// A project named the hard way, end to end through the recon binary: its schema, tables,
// columns, indexes, constraints and enums carry quotes, spaces, dollar signs, semicolons,
// backslashes, reserved words, mixed case and non-ASCII letters. recon quotes every name through
// quote_ident, so the project must plan, apply and round-trip like any other.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/test_database.hpp"

using namespace recon;
using namespace recon::testing;
namespace fs = std::filesystem;

namespace {

// TOML literal strings ('...') keep quotes and backslashes as they are.
const char* kHostileProject = R"toml(
schema = 'Ünïcode "Schema" $1; -- x'
comment = "it's 'quoted'"

[enums.'Mood "of" the $day']
values = ["it's", 'back\slash', '"quoted"', "$$", "naïve"]

[tables.'Order Items; DROP TABLE x']
primary_key = ["select"]
comment = "'); DROP SCHEMA public; --"

[[tables.'Order Items; DROP TABLE x'.columns]]
name = "select"
type = "bigint"
identity = "always"

[[tables.'Order Items; DROP TABLE x'.columns]]
name = 'MixedCase "Col" $x'
type = '"Mood ""of"" the $day"'
nullable = false
default = "'it''s'"

[[tables.'Order Items; DROP TABLE x'.columns]]
name = 'back\slash'
type = "text"
comment = 'a \ b'

[[tables.'Order Items; DROP TABLE x'.columns]]
name = "Größe"
type = "numeric(10, 2)"

[[tables.'Order Items; DROP TABLE x'.columns]]
name = "user"
type = "text"

[[tables.'Order Items; DROP TABLE x'.indexes]]
name = 'idx "größe"; $1'
columns = ["Größe", 'MixedCase "Col" $x']

[[tables.'Order Items; DROP TABLE x'.unique]]
name = "Unique 'user' $$"
columns = ["user"]

[[tables.'Order Items; DROP TABLE x'.checks]]
name = 'check "größe" > 0'
expression = '"Größe" > 0'

[tables."Table"]
primary_key = ["order"]

[[tables."Table".columns]]
name = "order"
type = "bigint"

[[tables."Table".columns]]
name = "item"
type = "bigint"

[[tables."Table".foreign_keys]]
name = 'fk "items"; --'
columns = ["item"]
references = { table = 'Order Items; DROP TABLE x', columns = ["select"] }
on_delete = "cascade"
)toml";

const std::string kHostileSchema = "Ünïcode \"Schema\" $1; -- x";

}  // namespace

TEST_CASE("a project named with quotes, spaces, $, reserved words and Unicode round-trips",
          "[hostile][identifiers]") {
  TempWorkspace ws;
  TestDatabase db;
  write_file(ws.root() / "schemas" / "weird.toml", kHostileProject);
  const std::vector<std::string> plan = {"--root",     ws.root().string(), "--dev-url",
                                         server_url(), "--no-color",       "plan"};
  const std::vector<std::string> on_db = {"--root", ws.root().string(), "--db", db.url(),
                                          "--no-color"};
  auto with = [](std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };

  const auto planned = run_recon(plan);
  INFO(planned.err);
  REQUIRE(planned.exit_code == 0);
  const auto applied = run_recon(with(on_db, {"apply"}));
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);

  // Every name arrived exactly as declared.
  {
    pqxx::nontransaction txn(db.conn());
    const auto count = [&](const std::string& sql, const std::vector<std::string>& names) {
      int found = 0;
      for (const auto& name : names)
        found += txn.exec_params(sql, kHostileSchema, name)[0][0].as<int>();
      return found;
    };
    CHECK(count("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = $1 AND c.relname = $2",
                {"Order Items; DROP TABLE x", "Table", "idx \"größe\"; $1", "Unique 'user' $$"}) ==
          4);
    CHECK(
        count(
            "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN "
            "pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = $1 AND "
            "a.attname = $2",
            {"select", "MixedCase \"Col\" $x", "back\\slash", "Größe", "user", "order"}) == 6);
    CHECK(count("SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = "
                "k.connamespace WHERE n.nspname = $1 AND k.conname = $2",
                {"Unique 'user' $$", "check \"größe\" > 0", "fk \"items\"; --"}) == 3);
    CHECK(txn.exec_params("SELECT string_agg(e.enumlabel, '|' ORDER BY e.enumsortorder) FROM "
                          "pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON "
                          "n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2",
                          kHostileSchema, "Mood \"of\" the $day")[0][0]
              .as<std::string>() == "it's|back\\slash|\"quoted\"|$$|naïve");
    // Nothing escaped into other schemas.
    CHECK(
        txn.exec("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")[0][0]
            .as<int>() == 0);
  }

  // The declaration and the revisions agree, and so do the database and the revisions.
  const auto again = run_recon(with(plan, {"--check"}));
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  const auto status = run_recon(with(on_db, {"status", "--detailed-exitcode"}));
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);
  CHECK_THAT(status.out, Catch::Contains("drift:    none"));
  const auto live = run_recon(with(plan, {"--check", "--db", db.url()}));
  INFO(live.out << live.err);
  CHECK(live.exit_code == 0);

  // What inspect reads back is a declaration of the same schema: compared with the database
  // (recon diff; `plan --db` would refuse, the database has revisions this workspace lacks), it
  // has no differences.
  const auto inspected = run_recon(with(on_db, {"inspect", "--schema", kHostileSchema}));
  INFO(inspected.err);
  REQUIRE(inspected.exit_code == 0);
  CHECK_THAT(inspected.out, Catch::Contains("Order Items; DROP TABLE x"));
  TempWorkspace adopted;
  write_file(adopted.root() / "schemas" / "weird.toml", inspected.out);
  const auto adopted_diff =
      run_recon({"--root", adopted.root().string(), "--dev-url", server_url(), "--no-color", "diff",
                 "--from", db.url(), "--to", "weird", "--detailed-exitcode"});
  INFO(adopted_diff.out << adopted_diff.err);
  CHECK(adopted_diff.exit_code == 0);
}

// Postgres shortens a generated index or constraint name to 63 bytes by whole characters; a
// comment on an unnamed object needs that name, and a name cut inside a character is not UTF-8.
TEST_CASE("a long non-ASCII table's unnamed, commented index and unique get Postgres's names",
          "[hostile][identifiers]") {
  std::string table;
  for (int i = 0; i < 31; ++i) table += "ü";  // 62 bytes
  const std::string key = "tables.'" + table + "'";
  TempWorkspace ws;
  TestDatabase db;
  write_file(ws.root() / "schemas" / "long.toml",
             "schema = 'long_names'\n\n[" + key + "]\nprimary_key = ['id']\n[[" + key +
                 ".columns]]\nname = 'id'\ntype = 'bigint'\n[[" + key +
                 ".columns]]\nname = 'a'\ntype = 'int'\n[[" + key +
                 ".indexes]]\ncolumns = ['a']\ncomment = 'unnamed index'\n[[" + key +
                 ".unique]]\ncolumns = ['a', 'id']\ncomment = 'unnamed unique'\n");
  const std::vector<std::string> plan = {"--root",     ws.root().string(), "--dev-url",
                                         server_url(), "--no-color",       "plan"};
  const auto planned = run_recon(plan);
  INFO(planned.out << planned.err);
  REQUIRE(planned.exit_code == 0);
  const auto applied = run_recon({"--root", ws.root().string(), "--db", db.url(), "apply"});
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);

  pqxx::nontransaction txn(db.conn());
  // The comment on the object `name` of `catalog`, whose namespace column is `ns`.
  const auto comment_on = [&](const std::string& catalog, const std::string& ns,
                              const std::string& name) {
    const auto rows =
        txn.exec_params("SELECT obj_description(o.oid, '" + catalog + "') FROM " + catalog +
                            " o WHERE o." + ns + " = 'long_names'::regnamespace AND o." +
                            (catalog == "pg_class" ? "relname" : "conname") + " = $1",
                        name);
    return rows.size() == 1 && !rows[0][0].is_null() ? rows[0][0].as<std::string>() : "";
  };
  std::string u27, u28;
  for (int i = 0; i < 27; ++i) u27 += "ü";
  u28 = u27 + "ü";
  // 28 of the 31 'ü' (62 bytes) and 27 (63 bytes), as Postgres named them.
  CHECK(comment_on("pg_class", "relnamespace", u28 + "_a_idx") == "unnamed index");
  CHECK(comment_on("pg_constraint", "connamespace", u27 + "_a_id_key") == "unnamed unique");

  const auto again = run_recon(
      {"--root", ws.root().string(), "--dev-url", server_url(), "--no-color", "plan", "--check"});
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
}
