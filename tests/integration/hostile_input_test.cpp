// Malformed and hostile input, through the recon binary as a user runs it: declarations, revision
// files, workspaces and command lines that are wrong, plus names that look dangerous but are
// legal Postgres identifiers. Each case says what recon must answer (exit code, a message with
// its location) and why; after each, the target database must be unchanged: a catalog digest
// after every case, pg_dump --schema-only around each group.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "plan/revision_file.hpp"
#include "support/apply_fixture.hpp"
#include "support/db_snapshot.hpp"
#include "support/files.hpp"
#include "support/test_database.hpp"

using namespace recon;
using namespace recon::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out.push_back(fs::relative(e.path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string repeat(const std::string& text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

// The valid start of every declaration case (lines 1 to 6): what the case adds begins on line 7.
const std::string kBase = R"(schema = "p"
[tables.t]
primary_key = ["id"]
[[tables.t.columns]]
name = "id"
type = "int"
)";

std::string column(const std::string& name, const std::string& type = "int") {
  return "[[tables.t.columns]]\nname = " + name + "\ntype = \"" + type + "\"\n";
}

// A declaration case: schemas/p.toml holds `toml`.
struct DeclarationCase {
  std::string what;
  std::string toml;
  int exit;             // of `recon plan`: 3 rejected, 2 accepted (--check: changes pending)
  std::string where;    // rejected: "LINE:COL" of the message in p.toml
  std::string message;  // rejected: part of the message; accepted: part of the planned SQL
  std::string why;
  // Rejected: found without Postgres, so `recon verify` finds it too. Accepted: checked by
  // `recon verify` only (false: also planned, and `message` looked for in the plan).
  bool offline = true;
};

constexpr int kRejected = exit_code::invalid_input;
constexpr int kAccepted = exit_code::changes;

std::vector<DeclarationCase> declaration_cases() {
  const std::string long63(63, 'n');
  const std::string long64(64, 'n');
  std::string e_acute32;  // 32 x "é": 64 bytes, 32 characters
  for (int i = 0; i < 32; ++i) e_acute32 += "\xC3\xA9";
  const std::string e_acute31x = e_acute32.substr(0, 62) + "x";  // 63 bytes
  std::vector<DeclarationCase> cases = {
      // TOML syntax: toml++'s message, at the character where parsing stopped.
      {"a table header left open", kBase + "[tables.u\n", kRejected, "7:10", "invalid TOML",
       "TOML syntax errors stop the file; the position is where the parser stopped"},
      {"a string left open", kBase + column("\"abc"), kRejected, "8:", "invalid TOML", ""},
      {"a key without a value", kBase + "[tables.u]\ncomment =\n", kRejected, "8:", "invalid TOML",
       ""},
      {"a table defined twice", kBase + "[tables.t]\n", kRejected, "7:", "invalid TOML",
       "TOML itself forbids it"},
      {"a key set twice", "schema = \"p\"\nschema = \"q\"\n", kRejected, "2:", "invalid TOML", ""},
      {"an invalid escape", kBase + "[tables.u]\ncomment = \"\\q\"\n", kRejected,
       "8:", "invalid TOML", ""},
      {"a bare key with a space", kBase + "[tables.u]\nco mment = 1\n", kRejected,
       "8:", "invalid TOML", ""},
      {"an array left open", kBase + "[enums.e]\nvalues = [\"a\", \"b\"\n", kRejected, "8:20",
       "invalid TOML", ""},
      {"invalid UTF-8 in a string", kBase + "[tables.u]\ncomment = \"\xFF\xFE\"\n", kRejected,
       "8:", "invalid TOML", "TOML files are UTF-8; Postgres would reject the bytes anyway"},
      {"binary garbage",
       std::string("\x7F"
                   "ELF\x02\x01\x01\0\0\0",
                   10),
       kRejected, "1:", "invalid TOML", ""},
      {"a bare carriage return", kBase + "[tables.u]\r", kRejected, "7:", "invalid TOML", ""},
      {"an integer too large for TOML", kBase + "[sequences.s]\nstart = 99999999999999999999\n",
       kRejected, "8:", "invalid TOML", ""},
      {"[[tables.t]] after [tables.t]", kBase + "[[tables.t]]\n", kRejected, "7:", "invalid TOML",
       ""},
      {"arrays nested 100000 deep", "schema = \"p\"\nx = " + repeat("[", 100000), kRejected,
       "2:", "maximum nested value depth", "the parser's depth limit, not a stack overflow"},
      {"inline tables nested 5000 deep",
       kBase + "[tables.u]\nx = " + repeat("{a=", 5000) + "1" + repeat("}", 5000) + "\n", kRejected,
       "8:", "maximum nested value depth", ""},

      // Wrong value types: named with the key, where the value is.
      {"schema is a number", "schema = 5\n", kRejected, "1:10", "must be a string, not an integer",
       ""},
      {"a column name is a number", kBase + "[[tables.t.columns]]\nname = 5\ntype = \"int\"\n",
       kRejected, "8:8", "must be a string, not an integer", ""},
      {"a type is a boolean", kBase + "[[tables.t.columns]]\nname = \"b\"\ntype = true\n",
       kRejected, "9:8", "must be a string, not a boolean", ""},
      {"nullable is a string", kBase + column("\"b\"") + "nullable = \"no\"\n", kRejected, "10:12",
       "must be a boolean", ""},
      {"primary_key is a string",
       "schema = \"p\"\n[tables.t]\nprimary_key = \"id\"\n[[tables.t.columns]]\nname = "
       "\"id\"\ntype = \"int\"\n",
       kRejected, "3:15", "must be an array of column names or a table", ""},
      {"columns written with single brackets", kBase + "[tables.u.columns]\nname = \"x\"\n",
       kRejected, "7:", "write [[...]] with double brackets", ""},
      {"enum values is a string", kBase + "[enums.e]\nvalues = \"a\"\n", kRejected, "8:10",
       "must be an array of strings", ""},
      {"a table is a number", kBase + "[tables]\nu = 5\n", kRejected, "", "must be a table", ""},
      {"identity is a number", kBase + column("\"b\"") + "identity = 5\n", kRejected,
       "10:", "identity", ""},
      {"identity is not a keyword", kBase + column("\"b\"") + "identity = \"sometimes\"\n",
       kRejected, "10:12", "'always' or 'by default'", ""},
      {"on_delete is not a keyword",
       kBase + column("\"o\"") +
           "[[tables.t.foreign_keys]]\ncolumns = [\"o\"]\nreferences = { table = \"t\" "
           "}\non_delete = \"explode\"\n",
       kRejected, "13:13", "'explode'", ""},
      {"a comment is a number", kBase + "comment = 5\n", kRejected, "7:11",
       "must be a string, not an integer", ""},
      {"ignore is a string", "ignore = \"x\"\n" + kBase, kRejected, "1:10",
       "must be an array of strings", ""},
      {"a sequence start is a string", kBase + "[sequences.s]\nstart = \"1\"\n", kRejected, "8:9",
       "must be an integer", ""},
      {"an index column is a number", kBase + "[[tables.t.indexes]]\ncolumns = [5]\n", kRejected,
       "8:12", "must be", ""},
      {"a date where a string belongs", kBase + "[tables.u]\ncomment = 1979-05-27\n", kRejected,
       "8:11", "must be a string, not a date", ""},

      // Unknown keys: reported with the closest known key, so a typo is not silently ignored.
      {"a misspelt top-level key", "tabels = {}\n" + kBase, kRejected, "1:1",
       "did you mean 'tables'?", "an ignored typo would silently drop a whole section"},
      {"a misspelt column key", kBase + column("\"b\"") + "nulable = false\n", kRejected, "10:1",
       "did you mean 'nullable'?", ""},
      {"an unknown table key", kBase + "[tables.u]\nprimary = [\"id\"]\n", kRejected, "8:1",
       "unknown key 'primary'", ""},
      {"a misspelt index key", kBase + "[[tables.t.indexes]]\ncolums = [\"id\"]\n", kRejected,
       "8:1", "did you mean 'columns'?", ""},
      {"a misspelt foreign key key",
       kBase + "[[tables.t.foreign_keys]]\ncolumns = [\"id\"]\nrefrences = { table = \"t\" }\n",
       kRejected, "9:1", "did you mean 'references'?", ""},
      {"a misspelt enum key", kBase + "[enums.e]\nvalue = [\"a\"]\n", kRejected, "8:1",
       "did you mean 'values'?", ""},

      // Missing keys.
      {"a column without a type", kBase + "[[tables.t.columns]]\nname = \"b\"\n", kRejected,
       "7:", "missing required key 'type'", ""},
      {"a column without a name", kBase + "[[tables.t.columns]]\ntype = \"int\"\n", kRejected,
       "7:", "missing required key 'name'", ""},
      {"a foreign key without references",
       kBase + "[[tables.t.foreign_keys]]\ncolumns = [\"id\"]\n", kRejected,
       "7:", "missing required key 'references'", ""},
      {"a view without a query", kBase + "[views.v]\ncomment = \"x\"\n", kRejected,
       "7:", "missing required key 'query'", ""},

      // Duplicates: Postgres would refuse them, or one would silently replace the other.
      {"a column declared twice", kBase + column("\"id\""), kRejected, "8:8", "declared twice", ""},
      {"a table and a view of one name", kBase + "[views.t]\nquery = \"SELECT 1 AS a\"\n",
       kRejected, "7:", "same name", "tables and views share one namespace"},
      {"a table and an index of one name",
       kBase + "[[tables.t.indexes]]\nname = \"t\"\ncolumns = [\"id\"]\n", kRejected, "7:1",
       "same name", ""},
      {"two indexes of one name",
       kBase + "[[tables.t.indexes]]\nname = \"i\"\ncolumns = [\"id\"]\n[[tables.t.indexes]]\nname "
               "= \"i\"\ncolumns = [\"id\"]\n",
       kRejected, "10:1", "same name", ""},
      {"two constraints of one name",
       kBase +
           "[[tables.t.checks]]\nname = \"c\"\nexpression = \"id > 0\"\n[[tables.t.checks]]\nname "
           "= \"c\"\nexpression = \"id < 9\"\n",
       kRejected, "10:1", "check 'c' of table 't' has the same name", ""},
      {"an enum named like a table", kBase + "[enums.t]\nvalues = [\"a\"]\n", kRejected,
       "7:", "same name", "a table has a row type of its name"},
      {"an enum value twice", kBase + "[enums.e]\nvalues = [\"a\", \"a\"]\n", kRejected,
       "8:", "'a'", ""},
      {"a column named like a system column", kBase + column("\"ctid\""), kRejected, "8:8", "ctid",
       ""},
      {"a primary key column listed twice",
       "schema = \"p\"\n[tables.t]\nprimary_key = [\"id\", \"id\"]\n[[tables.t.columns]]\nname = "
       "\"id\"\ntype = \"int\"\n",
       kRejected, "3:", "'id'", ""},

      // Dangling references.
      {"a primary key on a missing column",
       "schema = \"p\"\n[tables.t]\nprimary_key = [\"nope\"]\n[[tables.t.columns]]\nname = "
       "\"id\"\ntype = \"int\"\n",
       kRejected, "3:", "nope", ""},
      {"an index on a missing column", kBase + "[[tables.t.indexes]]\ncolumns = [\"nope\"]\n",
       kRejected, "8:", "nope", ""},
      {"a foreign key to a missing table",
       kBase + "[[tables.t.foreign_keys]]\ncolumns = [\"id\"]\nreferences = { table = \"nope\" }\n",
       kRejected, "9:", "nope", ""},
      {"a foreign key to a missing column",
       kBase +
           "[[tables.t.foreign_keys]]\ncolumns = [\"id\"]\nreferences = { table = \"t\", columns = "
           "[\"nope\"] }\n",
       kRejected, "9:", "nope", ""},
      {"a sequence owned by a missing column", kBase + "[sequences.s]\nowned_by = \"t.nope\"\n",
       kRejected, "8:", "nope", ""},
      {"a partition of a missing table",
       kBase + "[tables.u]\npartition_of = \"nope\"\npartition_bound = \"default\"\n", kRejected,
       "8:", "nope", ""},
      {"a renamed enum value that is still a value",
       kBase + "[enums.e]\nvalues = [\"a\", \"b\"]\nrenamed_values = { a = \"b\" }\n", kRejected,
       "9:", "still one of its values", ""},
      {"a name both ignored and declared", "ignore = [\"t\"]\n" + kBase, kRejected, "", "ignored",
       ""},
      {"a type Postgres does not know", kBase + column("\"b\"", "nosuchtype"), kRejected, "9:8",
       "type 'nosuchtype' of column 'b' in table 't' does not exist in PostgreSQL",
       "built-in and declared types are known without Postgres: the message names the column"},
      {"a type of another schema that does not exist", kBase + column("\"b\"", "q.nosuchtype"),
       kRejected, "2:", "PostgreSQL rejects it",
       "only Postgres knows other schemas' types: the message names the table", false},
      {"a check on a missing column", kBase + "[[tables.t.checks]]\nexpression = \"nope > 0\"\n",
       kRejected, "2:", "PostgreSQL rejects it", "", false},

      // Empty names: Postgres rejects a zero-length identifier.
      {"an empty schema name", "schema = \"\"\n", kRejected, "1:10", "schema name is empty", ""},
      {"an empty table name", kBase + "[tables.\"\"]\n", kRejected, "7:9", "table name is empty",
       ""},
      {"an empty column name", kBase + column("\"\""), kRejected, "8:8", "column name is empty",
       ""},
      {"an empty index name", kBase + "[[tables.t.indexes]]\nname = \"\"\ncolumns = [\"id\"]\n",
       kRejected, "8:8", "index name is empty", ""},
      {"an empty enum name", kBase + "[enums.\"\"]\nvalues = []\n", kRejected, "7:8",
       "enum name is empty", ""},
      {"an empty constraint name",
       kBase + "[[tables.t.checks]]\nname = \"\"\nexpression = \"id > 0\"\n", kRejected, "8:8",
       "name is empty", ""},

      // Names over 63 bytes: Postgres would truncate them silently.
      {"a 64-byte table name", kBase + "[tables." + long64 + "]\n", kRejected, "7:9",
       "64 bytes long: Postgres truncates names to 63 bytes",
       "the table would be created under another name than declared"},
      {"two column names equal in their first 63 bytes",
       kBase + column("\"" + long63 + "a\"") + column("\"" + long63 + "b\""), kRejected, "11:8",
       "once Postgres truncates both to 63 bytes",
       "a silent collision: the second column would replace or clash with the first"},
      {"a 64-byte name of 2-byte characters", kBase + column("\"" + e_acute32 + "\""), kRejected,
       "8:8", "64 bytes long", "Postgres counts bytes, not characters"},
      {"a one-megabyte column name", kBase + column("\"" + std::string(1 << 20, 'm') + "\""),
       kRejected, "8:8", "1048576 bytes long", "the message shows the start, not a megabyte"},
      {"a 100-byte schema name", "schema = \"" + std::string(100, 's') + "\"\n", kRejected, "1:10",
       "100 bytes long", ""},
      {"two tables equal in their first 63 bytes",
       kBase + "[tables." + long63 + "a]\n[tables." + long63 + "b]\n", kRejected, "8:9",
       "once Postgres truncates both to 63 bytes", ""},
      {"a schema name starting with pg_", "schema = \"pg_mine\"\n", kRejected, "1:10", "reserved",
       "Postgres refuses to create it"},

      // NUL: libpq sends C strings, so a NUL would cut a name or a statement short.
      {"a NUL in a table name", kBase + "[tables.\"a\\u0000b\"]\n", kRejected, "7:9",
       "NUL character", "the name would be cut at the NUL"},
      {"a NUL in a comment", kBase + "[tables.u]\ncomment = \"x\\u0000y\"\n", kRejected, "8:11",
       "NUL character", ""},
      {"a NUL in an enum value", kBase + "[enums.e]\nvalues = [\"a\\u0000\"]\n", kRejected,
       "8:", "NUL character", ""},
      {"a NUL in a default", kBase + column("\"b\"") + "default = \"1\\u0000, x int\"\n", kRejected,
       "10:11", "NUL character", ""},

      // SQL text that would break out of its place in the statement recon writes.
      {"a default that closes the statement",
       kBase + column("\"b\"") + "default = \"1); DROP TABLE t; SELECT (1\"\n", kRejected, "10:11",
       "closes nothing it opened",
       "it would run DROP TABLE wherever the declaration is normalized"},
      {"a default that adds a column", kBase + column("\"b\"") + "default = \"1, evil int\"\n",
       kRejected, "10:11", "',' outside parentheses",
       "the table would silently get a column nobody declared"},
      {"a type followed by a statement", kBase + column("\"b\"", "int; DROP SCHEMA p CASCADE"),
       kRejected, "9:8", "has a ';'", ""},
      {"a check with a second statement",
       kBase + "[[tables.t.checks]]\nexpression = \"id > 0; DROP TABLE t\"\n", kRejected, "8:14",
       "has a ';'", ""},
      {"a check string with a second statement",
       "schema = \"p\"\n[tables.t]\nchecks = [\"id > 0; DROP TABLE "
       "t\"]\n[[tables.t.columns]]\nname "
       "= \"id\"\ntype = \"int\"\n",
       kRejected, "3:11", "has a ';'", ""},
      {"an index predicate that closes its parenthesis",
       kBase +
           "[[tables.t.indexes]]\ncolumns = [\"id\"]\nwhere = \"id > 0) WITH (fillfactor=10\"\n",
       kRejected, "9:9", "closes nothing it opened", ""},
      {"a generated expression with a quote left open",
       kBase + column("\"b\"") + "generated = \"\\\"id\"\n", kRejected, "10:13",
       "quoted identifier that is not closed", ""},
      {"an index expression ending in a -- comment",
       kBase + "[[tables.t.indexes]]\ncolumns = [{ expression = \"id + 1 -- x\" }]\n", kRejected,
       "8:27", "-- comment", "the comment would swallow the rest of the line recon writes"},
      {"a view query with a second statement",
       kBase + "[views.v]\nquery = \"SELECT 1 AS a; DROP TABLE t\"\n", kRejected, "8:9",
       "has a ';'", ""},
      {"a default with a dollar quote left open",
       kBase + column("\"b\"", "text") + "default = \"$q$abc\"\n", kRejected, "10:11",
       "$q$ quote that is not closed", ""},
      {"a domain check with a comment left open",
       kBase + "[domains.d]\ntype = \"int\"\nchecks = [\"VALUE > 0 /* \"]\n", kRejected, "9:11",
       "comment that is not closed", ""},
      {"a string literal left open", kBase + column("\"b\"", "text") + "default = \"'abc\"\n",
       kRejected, "10:11", "string literal that is not closed", ""},
      {"a blank type", kBase + column("\"b\"", "  "), kRejected, "9:8", "must not be empty", ""},
      {"a partition bound with a second statement",
       kBase +
           "[tables.e]\npartition_by = \"list (k)\"\n[[tables.e.columns]]\nname = \"k\"\ntype = "
           "\"int\"\n[tables.e1]\npartition_of = \"e\"\npartition_bound = \"for values in (1); "
           "DROP TABLE t\"\n",
       kRejected, "14:19", "has a ';'", ""},

      // Huge files: no crash, no time-out, the location counted right.
      {"an error on line 1000007", kBase + repeat("# filler\n", 1000000) + "[tables.u\n", kRejected,
       "1000007:10", "invalid TOML", "line numbers stay exact in a large file"},
      {"a 1700-column table",
       kBase +
           [] {
             std::string columns;
             for (int i = 0; i < 1700; ++i) columns += column("\"c" + std::to_string(i) + "\"");
             return columns;
           }(),
       kRejected, "2:9", "at most 1600 columns", "Postgres's limit, reported at the table", false},

      // Legal identifiers: recon quotes every name through quote_ident, so these are names like
      // any other. Rejecting them would stop users from naming things as Postgres allows.
      {"double quotes in a table name", kBase + "[tables.'we\"ird']\n", kAccepted, "",
       "CREATE TABLE \"we\"\"ird\"", "quote_ident doubles the quote"},
      {"a semicolon and a comment in a column name", kBase + column("\"a; DROP TABLE t; --\""),
       kAccepted, "", "\"a; DROP TABLE t; --\" integer",
       "inside double quotes a semicolon is just a character"},
      {"a backslash in a column name", kBase + column("'a\\b'"), kAccepted, "", "\"a\\b\" integer",
       "identifiers take no backslash escapes"},
      {"dollar signs in a name", kBase + column("\"$1$$\""), kAccepted, "", "\"$1$$\" integer",
       "not a dollar quote inside an identifier"},
      {"a newline in a column name", kBase + column("\"a\\nb\""), kAccepted, "", "\"a\nb\" integer",
       "legal when quoted; recon's revision comments escape it", false},
      {"non-ASCII letters", kBase + "[tables.\"Ünïcödé 表\"]\n", kAccepted, "",
       "CREATE TABLE \"Ünïcödé 表\"", ""},
      {"reserved words", kBase + column("\"select\"") + column("\"user\""), kAccepted, "",
       "\"select\" integer", "keywords are quoted"},
      {"mixed case", kBase + "[tables.MixedCase]\n", kAccepted, "", "CREATE TABLE \"MixedCase\"",
       "quoted, so Postgres keeps the case"},
      {"a name of exactly 63 bytes", kBase + column("\"" + long63 + "\""), kAccepted, "", long63,
       "63 bytes is what Postgres keeps", false},
      {"63 bytes of 2-byte characters", kBase + column("\"" + e_acute31x + "\""), kAccepted, "",
       e_acute31x, ""},
      {"quotes and backslashes in enum values",
       kBase + "[enums.e]\nvalues = [\"it's\", \"a\\\\b\", \"\\\"q\\\"\"]\n", kAccepted, "",
       "'it''s'", "labels are quoted as literals"},
      {"SQL in a comment", kBase + "[tables.u]\ncomment = \"'); DROP TABLE t; --\"\n", kAccepted,
       "", "'''); DROP TABLE t; --'", "comments are quoted as literals"},
      {"a semicolon inside a string default",
       kBase + column("\"b\"", "text") + "default = \"'a;b'\"\n", kAccepted, "", "'a;b'",
       "the ';' is inside a string literal"},
      {"a view query ending with a semicolon", kBase + "[views.v]\nquery = \"SELECT 1 AS a;\"\n",
       kAccepted, "", "CREATE VIEW v", "the semicolon people type after a query", false},
      {"an emoji table name", kBase + "[tables.\"🐘 elephants\"]\n", kAccepted, "",
       "CREATE TABLE \"🐘 elephants\"", ""},
      {"a byte order mark", "\xEF\xBB\xBF" + kBase + column("\"b\""), kAccepted, "",
       "ADD COLUMN b integer", "editors on Windows write one; TOML allows it", false},
  };
  return cases;
}

// One target database with project p at revision 1 and something of another project, and a
// workspace of project p whose revision 1 is that one.
struct Fixture {
  TempWorkspace ws;
  TestDatabase target;
  std::string dump_before;
  std::string digest_before;

  Fixture() {
    {
      pqxx::work txn(target.conn());
      txn.exec("CREATE SCHEMA other; CREATE TABLE other.keep (id int PRIMARY KEY, note text)");
      txn.commit();
    }
    write_file(ws.root() / "schemas" / "p.toml", kBase);
    const auto planned = run_recon(plan({}));
    INFO(planned.err);
    REQUIRE(planned.exit_code == 0);
    const auto applied = run_recon(apply({}));
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    snapshot();
  }

  void snapshot() {
    dump_before = schema_dump(target.url());
    digest_before = catalog_digest(target.conn());
  }

  std::vector<std::string> common() const { return {"--root", ws.root().string(), "--no-color"}; }
  std::vector<std::string> plan(const std::vector<std::string>& extra) const {
    return with(with(common(), {"--dev-url", server_url(), "plan"}), extra);
  }
  std::vector<std::string> apply(const std::vector<std::string>& extra) const {
    return with(with(common(), {"--db", target.url(), "apply"}), extra);
  }
  std::vector<std::string> verify() const { return with(common(), {"verify"}); }

  void check_unchanged(const std::string& what) {
    INFO("after: " << what);
    CHECK(catalog_digest(target.conn()) == digest_before);
  }
  void check_dump_unchanged() {
    const std::string after = schema_dump(target.url());
    CHECK(after == dump_before);
  }
};

}  // namespace

TEST_CASE("hostile declarations: rejected with their location, or planned as legal names",
          "[hostile]") {
  Fixture fx;
  const auto cases = declaration_cases();
  const auto plans_before = files_under(fx.ws.root() / "plans");
  const fs::path toml = fx.ws.root() / "schemas" / "p.toml";
  int rejected = 0, accepted = 0;
  for (const auto& c : cases) {
    INFO("case: " << c.what);
    write_file(toml, c.toml);
    if (c.exit == kRejected) {
      ++rejected;
      // Planned against the live target: the command that reads it.
      const auto result = run_recon(fx.plan({"--db", fx.target.url()}));
      INFO("stderr: " << result.err.substr(0, 2000));
      CHECK(result.exit_code == kRejected);
      CHECK_THAT(result.err, Catch::Contains(c.message));
      CHECK_THAT(result.err, Catch::Contains("p.toml:" + c.where));
      CHECK(result.err.size() < 20'000);  // readable, whatever the input's size
    } else if (!c.offline) {
      ++accepted;
      // Planning costs scratch databases: only for the names identifiers_test does not apply.
      const auto result = run_recon(fx.plan({"--check"}));
      INFO("stderr: " << result.err.substr(0, 2000));
      CHECK(result.exit_code == c.exit);
      CHECK_THAT(result.out, Catch::Contains(c.message));
    } else {
      ++accepted;
    }
    CHECK(files_under(fx.ws.root() / "plans") == plans_before);
    fx.check_unchanged(c.what);
  }
  write_file(toml, kBase);

  // `recon verify` (offline) on every case at once, one project each, named by its index: it
  // reports each rejected case where `recon plan` did, and nothing about the accepted ones.
  TempWorkspace all;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::string text = cases[i].toml;
    const std::string project = "c" + std::to_string(1000 + i);
    // Each its own schema (same length as "p"'s line, so that locations stay put).
    if (const auto at = text.find("schema = \"p\""); at != std::string::npos)
      text.replace(at, 12, "schema = \"" + project + "\"");
    write_file(all.root() / "schemas" / (project + ".toml"), text);
  }
  const auto verified = run_recon({"--root", all.root().string(), "verify"});
  CHECK(verified.exit_code == kRejected);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    INFO("case: " << c.what);
    const std::string file = "c" + std::to_string(1000 + i) + ".toml:";
    if (c.exit == kAccepted)
      CHECK(verified.err.find(file) == std::string::npos);
    else if (c.offline)
      CHECK_THAT(verified.err, Catch::Contains(file + c.where));
  }
  fx.check_dump_unchanged();
  CHECK(rejected >= 80);
  CHECK(accepted >= 15);
}

namespace {

std::string read_file(const fs::path& file) {
  return read_text(file);
}

void replace_once(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_file(file);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  write_file(file, text);
}

// Rewrites the checksum line so that it matches the (edited) content, as someone who knows the
// algorithm would.
void rechecksum(const fs::path& file) {
  std::string text = read_file(file);
  const auto line = text.rfind("-- checksum: ");
  REQUIRE(line != std::string::npos);
  text.erase(line);
  text += "-- checksum: " + compute_checksum(text) + "\n";
  write_file(file, text);
}

// A tampered revision chain of project p: revision 0001 applied to the target, 0002 pending.
struct RevisionCase {
  std::string what;
  std::function<void(const fs::path& dir)> tamper;  // plans/p
  int exit;                                         // of `recon apply`
  std::string where;    // in stderr: the file, and its line:column when the file is malformed
  std::string message;  // in stderr
  int verify_exit = kRejected;
  std::string why;
};

std::vector<RevisionCase> revision_cases(const fs::path& other_project_revision) {
  const std::string first = "0001_initial.sql";
  const std::string second = "0002_second.sql";
  return {
      {"the pending revision cut in half",
       [=](const fs::path& d) {
         const std::string text = read_file(d / second);
         write_file(d / second, text.substr(0, text.size() / 2));
       },
       kRejected, second + ":", "truncated", kRejected, "a partial checkout or copy"},
      {"the pending revision without its checksum line",
       [=](const fs::path& d) {
         std::string text = read_file(d / second);
         text.erase(text.rfind("-- checksum: "));
         write_file(d / second, text);
       },
       kRejected, second + ":", "truncated", kRejected, ""},
      {"the checksum line without its newline",
       [=](const fs::path& d) {
         std::string text = read_file(d / second);
         text.pop_back();
         write_file(d / second, text);
       },
       kRejected, second + ":", "no newline", kRejected, ""},
      {"a statement of the pending revision edited",
       [=](const fs::path& d) {
         replace_once(d / second, "ADD COLUMN b text", "ADD COLUMN b int");
       },
       kRejected, second, "edited after it was planned", kRejected,
       "revisions are immutable once planned"},
      {"one digit of the checksum changed",
       [=](const fs::path& d) {
         std::string text = read_file(d / second);
         char& digit = text[text.size() - 2];
         digit = digit == '0' ? '1' : '0';
         write_file(d / second, text);
       },
       kRejected, second, "edited after it was planned", kRejected, ""},
      {"SQL appended after the checksum line",
       [=](const fs::path& d) {
         write_file(d / second, read_file(d / second) + "DROP SCHEMA other CASCADE;\n");
       },
       kRejected, second + ":", "text after the checksum line", kRejected,
       "nothing outside the checksummed text may run"},
      {"the applied revision edited",
       [=](const fs::path& d) { replace_once(d / first, "id integer", "id bigint"); },
       exit_code::refused, first, "was edited since", kRejected,
       "it is recorded as applied with another checksum"},
      {"the applied revision deleted", [=](const fs::path& d) { fs::remove(d / first); },
       exit_code::refused, "", "has no file for it", kRejected, ""},
      {"the pending revision renumbered",
       [=](const fs::path& d) { fs::rename(d / second, d / "0003_second.sql"); }, kRejected,
       "0003_second.sql", "must not be renamed", kRejected, ""},
      {"the two revisions swapped",
       [=](const fs::path& d) {
         fs::rename(d / first, d / "tmp");
         fs::rename(d / second, d / "0001_second.sql");
         fs::rename(d / "tmp", d / "0002_initial.sql");
       },
       kRejected, "0001_second.sql", "must not be renamed", kRejected, ""},
      {"a second revision 0002 (a fork)",
       [=](const fs::path& d) { fs::copy_file(d / second, d / "0002_other.sql"); }, kRejected,
       "0002_other.sql", "planned from the same parent", kRejected,
       "two pull requests planned from one parent"},
      {"the project header changed",
       [=](const fs::path& d) { replace_once(d / second, "-- project: p\n", "-- project: q\n"); },
       kRejected, second, "copied from another project", kRejected, ""},
      {"a revision of another project copied in",
       [=](const fs::path& d) {
         fs::copy_file(other_project_revision, d / second, fs::copy_options::overwrite_existing);
       },
       kRejected, second, "copied from another project", kRejected,
       "it would run against this project's schema"},
      {"the schema header changed",
       [=](const fs::path& d) { replace_once(d / second, "-- schema: p\n", "-- schema: q\n"); },
       kRejected, second + ":", "expected the preamble", kRejected, ""},
      {"an empty revision file", [=](const fs::path& d) { write_file(d / second, ""); }, kRejected,
       second + ":1:1", "empty file", kRejected, ""},
      {"binary garbage",
       [=](const fs::path& d) { write_file(d / second, std::string("\xFF\xFE\0x", 4)); }, kRejected,
       second + ":1:1", "not a recon revision", kRejected, ""},
      {"Windows line endings",
       [=](const fs::path& d) {
         std::string text, crlf = read_file(d / second);
         for (char c : crlf) text += c == '\n' ? std::string("\r\n") : std::string(1, c);
         write_file(d / second, text);
       },
       kRejected, second + ":1:", "Windows line endings", kRejected,
       "git's autocrlf does this; the message says how to stop it"},
      {"plans/p is a file",
       [=](const fs::path& d) {
         fs::remove_all(d);
         write_file(d, "x");
       },
       kRejected, "plans/p", "not a readable directory", kRejected, ""},
      {"a pending revision of 20 MB, edited",
       [=](const fs::path& d) {
         replace_once(d / second, "-- Hazards: none\n",
                      "-- Hazards: none\n" + repeat("-- " + std::string(97, 'x') + "\n", 200000));
       },
       kRejected, second + ":", "", kRejected, "no quadratic parsing"},
      // Consistent but different: the checksum is not a signature, so this verifies; the
      // revision then does not reach the state it was planned to reach, and is rolled back.
      {"a statement changed and the checksum recomputed",
       [=](const fs::path& d) {
         replace_once(d / second, "ADD COLUMN b text", "ADD COLUMN b int");
         rechecksum(d / second);
       },
       exit_code::error, "0002_second", "rolled back", exit_code::ok,
       "the target fingerprint catches what the checksum cannot"},
  };
}

}  // namespace

TEST_CASE("hostile revision files: refused with the file named, nothing applied", "[hostile]") {
  Fixture fx;
  // Revision 0002 adds a column: pending on the target.
  write_file(fx.ws.root() / "schemas" / "p.toml", kBase + column("\"b\"", "text"));
  REQUIRE(run_recon(fx.plan({"-m", "second"})).exit_code == 0);
  const fs::path dir = fx.ws.plans_dir("p");
  REQUIRE(fs::exists(dir / "0002_second.sql"));
  // Project q's revision 0002, for the copy from another project.
  TempWorkspace other;
  write_file(other.root() / "schemas" / "q.toml", kBase);
  const std::vector<std::string> plan_q = {"--root", other.root().string(), "--dev-url",
                                           server_url(), "plan"};
  REQUIRE(run_recon(plan_q).exit_code == 0);
  write_file(other.root() / "schemas" / "q.toml", kBase + column("\"b\"", "text"));
  REQUIRE(run_recon(with(plan_q, {"-m", "second"})).exit_code == 0);

  const fs::path saved = fx.ws.root() / "saved";
  fs::copy(dir, saved);
  for (const auto& c : revision_cases(other.plans_dir("q") / "0002_second.sql")) {
    INFO("case: " << c.what);
    fs::remove_all(dir);
    fs::copy(saved, dir);
    c.tamper(dir);
    const auto applied = run_recon(fx.apply({}));
    INFO("stderr: " << applied.err.substr(0, 2000));
    CHECK(applied.exit_code == c.exit);
    CHECK_THAT(applied.err, Catch::Contains(c.where));
    CHECK_THAT(applied.err, Catch::Contains(c.message));
    CHECK(applied.err.size() < 20'000);
    const auto verified = run_recon(fx.verify());
    CHECK(verified.exit_code == c.verify_exit);
    if (c.verify_exit != 0) CHECK_THAT(verified.err, Catch::Contains(c.where));
    fx.check_unchanged(c.what);
  }
  fx.check_dump_unchanged();
  // Restored, the chain applies: the cases were refused for what they changed, nothing else.
  fs::remove_all(dir);
  fs::copy(saved, dir);
  CHECK(run_recon(fx.apply({})).exit_code == 0);
  CHECK(applied_count(fx.target.conn(), "p") == 2);
}

namespace {

// A command line, or a workspace, that is wrong.
struct CommandCase {
  std::string what;
  std::function<void(const fs::path& root)> setup;  // changes the workspace; restored after
  std::vector<std::string> args;                    // after --root ROOT --no-color
  int exit;
  std::string message;  // in stderr
  std::string why;
};

std::vector<CommandCase> command_cases(const std::string& db, const std::string& dev) {
  const auto none = [](const fs::path&) {};
  return {
      {"no schemas/ directory",
       [](const fs::path& r) { fs::remove_all(r / "schemas"); },
       {"--dev-url", dev, "plan"},
       kRejected,
       "no such schemas directory",
       ""},
      {"a project both a file and a directory",
       [](const fs::path& r) { write_file(r / "schemas" / "p" / "more.toml", "[tables.u]\n"); },
       {"--dev-url", dev, "plan"},
       kRejected,
       "also declared by",
       ""},
      {"two projects declaring one schema",
       [](const fs::path& r) { write_file(r / "schemas" / "q.toml", "schema = \"p\"\n"); },
       {"--dev-url", dev, "plan"},
       kRejected,
       "both declare schema 'p'",
       "a schema belongs to one project, or their plans would fight"},
      {"an unknown project",
       none,
       {"--db", db, "apply", "nope"},
       kRejected,
       "unknown project 'nope'",
       ""},
      {"a project name that climbs out of schemas/",
       none,
       {"--db", db, "apply", "../schemas/p"},
       kRejected,
       "unknown project '../schemas/p'",
       "project names are names, not paths"},
      {"an absolute path as a project",
       none,
       {"--db", db, "status", "/etc/passwd"},
       kRejected,
       "unknown project '/etc/passwd'",
       ""},
      {"SQL as a project name",
       none,
       {"--db", db, "history", "p'; DROP SCHEMA p CASCADE; --"},
       kRejected,
       "unknown project",
       ""},
      {"--to below 1",
       none,
       {"--db", db, "apply", "--to", "-1"},
       kRejected,
       "--to -1: p has revisions 1 to 1",
       ""},
      {"--to beyond the last revision",
       none,
       {"--db", db, "apply", "--to", "7"},
       kRejected,
       "--to 7",
       ""},
      {"--to that overflows",
       none,
       {"--db", db, "apply", "--to", "99999999999999999999"},
       exit_code::usage,
       "--to",
       ""},
      {"a negative --lock-timeout",
       none,
       {"--db", db, "apply", "--lock-timeout", "-5s"},
       kRejected,
       "invalid duration '-5s'",
       ""},
      {"a --statement-timeout in years",
       none,
       {"--db", db, "apply", "--statement-timeout", "1y"},
       kRejected,
       "invalid duration '1y'",
       ""},
      {"an unknown hazard with SQL in it",
       none,
       {"--db", db, "apply", "--allow-hazards", "data-loss;DROP"},
       kRejected,
       "unknown hazard 'data-loss;DROP'",
       ""},
      {"--baseline beyond the last revision",
       none,
       {"--db", db, "apply", "--baseline", "9"},
       kRejected,
       "--baseline 9",
       ""},
      {"an unknown --format",
       none,
       {"--format", "xml", "--db", db, "status"},
       exit_code::usage,
       "xml not in",
       ""},
      {"an unknown command", none, {"frobnicate"}, exit_code::usage, "", ""},
      {"inspecting a schema that does not exist",
       none,
       {"--db", db, "inspect", "--schema", "x'; DROP SCHEMA p; --"},
       kRejected,
       "schema 'x'; DROP SCHEMA p; --' does not exist",
       "the name is a bound parameter"},
      {"a connection string that does not parse",
       none,
       {"--db", "not a url at all", "apply"},
       exit_code::error,
       "cannot reach the database",
       ""},
      {"a URL with an unknown parameter",
       none,
       {"--db", db + "&bogus=1", "status"},
       exit_code::error,
       "invalid URI query parameter",
       ""},
  };
}

}  // namespace

TEST_CASE("hostile command lines and workspaces: refused, nothing touched", "[hostile]") {
  Fixture fx;
  const fs::path saved = fx.ws.root().parent_path() / (fx.ws.root().filename().string() + ".saved");
  fs::copy(fx.ws.root(), saved, fs::copy_options::recursive);
  for (const auto& c : command_cases(fx.target.url(), server_url())) {
    INFO("case: " << c.what);
    fs::remove_all(fx.ws.root());
    fs::copy(saved, fx.ws.root(), fs::copy_options::recursive);
    c.setup(fx.ws.root());
    const auto result = run_recon(with(fx.common(), c.args));
    INFO("stderr: " << result.err.substr(0, 2000));
    CHECK(result.exit_code == c.exit);
    CHECK_THAT(result.err, Catch::Contains(c.message));
    CHECK_FALSE(result.err.empty());
    CHECK(files_under(fx.ws.plans_dir("p")) == std::vector<std::string>{"0001_initial.sql"});
    fx.check_unchanged(c.what);
  }
  fs::remove_all(saved);
  fx.check_dump_unchanged();
}
