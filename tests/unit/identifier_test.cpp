#include <catch2/catch.hpp>

#include <sstream>

#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "catalog/partition_index_name.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"

using namespace recon;

TEST_CASE("identifiers are quoted only when Postgres needs it", "[identifier]") {
  CHECK(quote_ident("todos") == "todos");
  CHECK(quote_ident("00_personal_todo") == "\"00_personal_todo\"");
  CHECK(quote_ident("UserAccount") == "\"UserAccount\"");
  CHECK(quote_ident("order") == "\"order\"");
  CHECK(quote_ident("user") == "\"user\"");
  CHECK(quote_ident("name") == "name");  // unreserved keyword
  CHECK(quote_ident("a\"b") == "\"a\"\"b\"");
  CHECK(quote_ident("x; DROP TABLE y") == "\"x; DROP TABLE y\"");
  CHECK(quote_ident("café") == "\"café\"");
  CHECK(quote_ident("") == "\"\"");
  CHECK(qualified("01_user_auth_todo", "users") == "\"01_user_auth_todo\".users");
}

TEST_CASE("literals are quoted so that they cannot end early", "[identifier]") {
  CHECK(quote_literal("open") == "'open'");
  CHECK(quote_literal("it's") == "'it''s'");
  CHECK(quote_literal("a\\b") == "E'a\\\\b'");
}

namespace {
std::string times(int n, const std::string& piece) {
  std::string out;
  for (int i = 0; i < n; ++i) out += piece;
  return out;
}
}  // namespace

// The expected names are the ones PostgreSQL 15 gave (CREATE TABLE with unnamed constraints and
// CREATE INDEX without a name), read back from pg_class and pg_constraint.
TEST_CASE("generated names are Postgres's, cut at character boundaries", "[identifier]") {
  const std::string u31 = times(31, "ü"), e30 = times(30, "é");  // 62 and 60 bytes
  CHECK(generated_name("todos", "owner_id", "fkey") == "todos_owner_id_fkey");
  CHECK(generated_name("todos", "", "pkey") == "todos_pkey");
  CHECK(generated_name(u31, "a", "idx") == times(28, "ü") + "_a_idx");
  CHECK(generated_name(u31, "", "pkey") == times(29, "ü") + "_pkey");
  CHECK(generated_name(u31, "a", "check") == times(27, "ü") + "_a_check");
  CHECK(generated_name(u31, "a_" + e30, "key") == times(14, "ü") + "_a_" + times(13, "é") + "_key");
  CHECK(generated_name(u31, e30, "idx") == times(14, "ü") + "_" + times(14, "é") + "_idx");
  CHECK(generated_name(u31, e30, "check") == times(14, "ü") + "_" + times(14, "é") + "_check");
  CHECK(generated_name("x" + e30, "f", "fkey") == "x" + times(27, "é") + "_f_fkey");
  CHECK(generated_name("x" + e30, "", "pkey") == "x" + times(28, "é") + "_pkey");
  const std::string ascii(63, 'a');
  CHECK(generated_name(ascii, "b", "idx") == std::string(57, 'a') + "_b_idx");
  CHECK(generated_name(ascii, "b", "idx").size() == 63);
}

TEST_CASE("identifiers are truncated to 63 bytes of whole characters", "[identifier]") {
  CHECK(truncated_identifier("todos") == "todos");
  CHECK(truncated_identifier(std::string(70, 'a')) == std::string(63, 'a'));
  CHECK(truncated_identifier(times(32, "ü")) == times(31, "ü"));  // 64 bytes: 62, not 63
  CHECK(truncated_identifier("a" + times(32, "ü")) == "a" + times(31, "ü"));  // 65: 63
}

TEST_CASE("the fingerprint ignores hints, locations and the schema's own name", "[fingerprint]") {
  Catalog a;
  a.schema = "tenant_1";
  Table t;
  t.name = "todos";
  a.tables["todos"] = t;
  Catalog b = a;
  b.schema = "tenant_2";
  b.tables["todos"].renamed_from = {"tasks"};
  b.tables["todos"].where = {"x.toml", 3, 1};
  CHECK(fingerprint(a) == fingerprint(b));
  CHECK(fingerprint(a).rfind("sha256:", 0) == 0);
  CHECK(fingerprint(a).size() == 7 + 64);
  b.tables["todos"].unlogged = true;
  CHECK(fingerprint(a) != fingerprint(b));
}

TEST_CASE("an identifier is read back the way Postgres reads it", "[identifier]") {
  const auto read = [](std::string_view text) {
    const auto token = read_identifier(text);
    return token ? token->name + "/" + std::to_string(token->length) + (token->quoted ? "q" : "")
                 : std::string("none");
  };
  CHECK(read("users") == "users/5");
  CHECK(read("Users.id") == "users/5");  // folded to lower case, stops at the dot
  CHECK(read("a$1 x") == "a$1/3");
  CHECK(read("\"Users\".id") == "Users/7q");
  CHECK(read("\"a\"\"b\"") == "a\"b/6q");
  CHECK(read("\"\"") == "/2q");
  CHECK(read("café") == "café/5");  // bytes of multi-byte characters are letters; kept as they are
  CHECK(read("\"open") == "none");
  CHECK(read("\"a\"\"") == "none");
  CHECK(read("1abc") == "none");
  CHECK(read("") == "none");
  CHECK(read("(x)") == "none");
  // quote_ident's inverse, for every name.
  for (const std::string name : {"users", "UserAccount", "order", "a\"b", "x; DROP TABLE y", "café",
                                 "", "00_personal_todo", "\"\""}) {
    const std::string quoted = quote_ident(name);
    const auto token = read_identifier(quoted);
    REQUIRE(token);
    CHECK(token->name == name);
    CHECK(token->length == quoted.size());
  }
}

namespace {

// "a;;b" -> {"a", "b"} (";;", since expressions hold "|").
std::vector<std::string> split_items(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(";;", start)) != std::string::npos; start = at + 2)
    out.push_back(text.substr(start, at - start));
  out.push_back(text.substr(start));
  return out;
}

std::string unescaped_newlines(std::string text) {
  for (std::size_t at; (at = text.find("\\n")) != std::string::npos;) text.replace(at, 2, "\n");
  return text;
}

}  // namespace

TEST_CASE("the names Postgres gives a partitioned index's indexes on the partitions",
          "[identifier]") {
  std::istringstream lines(recon::testing::read_text(
      recon::testing::source_root() / "tests" / "unit" / "data" / "partition_index_names.tsv"));
  int cases = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string partition, keys, include, expected;
    std::getline(fields, partition, '\t');
    std::getline(fields, keys, '\t');
    std::getline(fields, include, '\t');
    std::getline(fields, expected, '\t');
    Index index;
    for (const auto& key : split_items(keys)) {
      IndexKey k;
      if (key.starts_with("column:"))
        k.column = key.substr(7);
      else
        k.expression = unescaped_newlines(key);
      index.keys.push_back(k);
    }
    if (include != "-") index.include = split_items(include);
    INFO(line);
    CHECK(partition_index_name(partition, index_column_names(index)) == expected);
    ++cases;
  }
  CHECK(cases >= 10);
}
