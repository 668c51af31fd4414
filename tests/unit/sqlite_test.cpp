// The SQLite reader's pure parts: type mapping, expression and default translation, and what
// it reads from CREATE statements.
#include <catch2/catch.hpp>

#include "sqlite/statements.hpp"
#include "sqlite/translate.hpp"
#include "sqlite/types.hpp"

using namespace recon::sqlite;

TEST_CASE("sqlite: declared types map to Postgres types", "[sqlite]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"INTEGER", "bigint"},
      {"int", "bigint"},
      {"SMALLINT", "bigint"},  // SQLite keeps 8 bytes in any integer column
      {"UNSIGNED BIG INT", "bigint"},
      {"TEXT", "text"},
      {"CLOB", "text"},
      {"VARCHAR(255)", "varchar(255)"},
      {"varchar ( 20 )", "varchar(20)"},
      {"NVARCHAR(100)", "varchar(100)"},
      {"CHARACTER(3)", "char(3)"},
      {"VARCHAR", "text"},
      {"REAL", "double precision"},
      {"DOUBLE PRECISION", "double precision"},
      {"FLOAT", "double precision"},
      {"BLOB", "bytea"},
      {"NUMERIC", "numeric"},
      {"DECIMAL(10, 2)", "numeric(10,2)"},
      {"BOOLEAN", "boolean"},
      {"DATETIME", "timestamp"},
      {"TIMESTAMP", "timestamp"},
      {"DATE", "date"},
      {"JSON", "jsonb"},
      {"UUID", "uuid"},
  };
  for (const auto& [declared, expected] : cases) {
    INFO(declared);
    const auto mapped = map_type(declared);
    CHECK(mapped.type == expected);
    CHECK_FALSE(mapped.warning);
  }
  // Guesses are flagged.
  CHECK(map_type("").type == "text");
  CHECK(map_type("").warning);
  CHECK(map_type("STRING").type == "numeric");  // SQLite's own quirk: NUMERIC affinity
  CHECK(map_type("STRING").warning->find("STRING") != std::string::npos);
}

TEST_CASE("sqlite: affinity follows SQLite's rules in their order", "[sqlite]") {
  CHECK(affinity("CHARINT") == "INTEGER");         // INT wins over CHAR
  CHECK(affinity("FLOATING POINT") == "INTEGER");  // ...because it contains "INT"
  CHECK(affinity("NVARCHAR(10)") == "TEXT");
  CHECK(affinity("BLOB") == "BLOB");
  CHECK(affinity("DOUBLE") == "REAL");
  CHECK(affinity("DECIMAL") == "NUMERIC");
}

TEST_CASE("sqlite: defaults", "[sqlite]") {
  CHECK(translate_default("(CURRENT_TIMESTAMP)", "timestamp").sql == "CURRENT_TIMESTAMP");
  CHECK(translate_default("(datetime('now'))", "timestamp").sql == "CURRENT_TIMESTAMP");
  CHECK(translate_default("'normal'", "text").sql == "'normal'");
  CHECK(translate_default("'it''s'", "text").sql == "'it''s'");
  CHECK(translate_default("1", "boolean").sql == "true");
  CHECK(translate_default("0", "boolean").sql == "false");
  CHECK(translate_default("TRUE", "bigint").sql == "1");
  CHECK(translate_default("-1", "bigint").sql == "- 1");
  CHECK(translate_default("X'00FF'", "bytea").sql == "'\\x00ff'::bytea");
  const auto null = translate_default("NULL", "text");
  CHECK(null.ok());
  CHECK(null.sql.empty());
  const auto strftime = translate_default("(strftime('%s', 'now'))", "bigint");
  CHECK_FALSE(strftime.ok());
  CHECK(strftime.problem.find("strftime") != std::string::npos);
}

TEST_CASE("sqlite: expressions", "[sqlite]") {
  const ExpressionContext todos{"todos",
                                {{"title", "text"}, {"is_done", "boolean"}, {"Owner", "bigint"}}};
  auto t = [&](const std::string& sql) { return translate(tokenize(sql), todos); };
  CHECK(t("length(title) > 0").sql == "length(title) > 0");
  CHECK(t("is_done == 0 AND owner IS NOT NULL").sql == "is_done = false AND \"Owner\" IS NOT NULL");
  CHECK(t("[todos].\"title\" LIKE 'a%'").sql == "title ILIKE 'a%'");
  CHECK(t("ifnull(title, '') <> ''").sql == "coalesce(title, '') <> ''");
  CHECK(t("CAST(owner AS TEXT)").sql == "CAST(\"Owner\" AS text)");
  CHECK(t("title IN ('a', 'b')").sql == "title IN ('a', 'b')");
  for (const char* refused : {"title GLOB 'a*'", "json_extract(title, '$.a')", "other.title = 1",
                              "missing > 1", "title = ?"}) {
    INFO(refused);
    CHECK_FALSE(t(refused).ok());
  }
}

TEST_CASE("sqlite: what CREATE statements add to the pragmas", "[sqlite]") {
  const auto table = read_create_table(
      "CREATE TABLE \"todos\" (id INTEGER PRIMARY KEY AUTOINCREMENT, "
      "title VARCHAR(255) NOT NULL CONSTRAINT title_set CHECK (length(title) > 0) COLLATE NOCASE, "
      "twice INTEGER GENERATED ALWAYS AS (id * 2) STORED, "
      "CHECK (id > 0), FOREIGN KEY (id) REFERENCES other (id))");
  CHECK(table.autoincrement);
  REQUIRE(table.checks.size() == 2);
  CHECK(table.checks[0].name == "title_set");
  CHECK(table.checks[0].column == "title");
  CHECK(joined(table.checks[0].expression) == "length ( title ) > 0");
  CHECK(table.checks[1].column.empty());
  CHECK(table.columns.at("title").collation == "NOCASE");
  CHECK(joined(table.columns.at("twice").generated) == "id * 2");
  CHECK(table.columns.at("twice").stored);

  const auto index = read_create_index(
      "CREATE UNIQUE INDEX ix ON todos (lower(title) COLLATE NOCASE DESC, id) WHERE id > 0");
  REQUIRE(index.keys.size() == 2);
  CHECK(joined(index.keys[0]) == "lower ( title )");
  CHECK(joined(index.where) == "id > 0");
}
