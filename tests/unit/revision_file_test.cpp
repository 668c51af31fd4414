#include <cstdint>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "plan/revision_file.hpp"

using recon::checksum_matches;
using recon::compute_checksum;
using recon::Hazard;
using recon::InputError;
using recon::parse_revision;
using recon::PlanSource;
using recon::render_revision;
using recon::Revision;
using recon::Step;

namespace {

std::string sha(std::string_view seed) {
  return "sha256:" + recon::sha256_hex(seed);
}

Revision sample_revision() {
  Revision r;
  r.number = 2;
  r.slug = "add_updated_at";
  r.parent_number = 1;
  r.parent_checksum = sha("parent");
  r.recon_version = "0.1.0";
  r.planned_from = PlanSource::chain;
  r.plan.project = "00_personal_todo";
  r.plan.schema = "00_personal_todo";
  r.plan.source_fingerprint = sha("source");
  r.plan.target_fingerprint = sha("target");
  r.plan.steps = {
      Step{"+ table todos", "CREATE TABLE todos (\n  id bigint NOT NULL\n);", {}, true},
      Step{"~ column todos.is_completed: set not null",
           "ALTER TABLE todos ALTER COLUMN is_completed SET NOT NULL;",
           {Hazard{"access-exclusive-lock",
                   "ALTER TABLE blocks reads and writes of todos while it scans"}},
           true},
      Step{"- index ix_old",
           "DROP INDEX CONCURRENTLY ix_old;",
           {Hazard{"data-loss", "the index ix_old is dropped"},
            Hazard{"access-exclusive-lock", "briefly"}},
           false},
  };
  return r;
}

// The fields that a file carries (checksum and file are set by the parser).
void require_same(const Revision& a, const Revision& b) {
  CHECK(a.number == b.number);
  CHECK(a.slug == b.slug);
  CHECK(a.parent_number == b.parent_number);
  CHECK(a.parent_checksum == b.parent_checksum);
  CHECK(a.recon_version == b.recon_version);
  CHECK(a.planned_from == b.planned_from);
  CHECK(a.plan.project == b.plan.project);
  CHECK(a.plan.schema == b.plan.schema);
  CHECK(a.plan.source_fingerprint == b.plan.source_fingerprint);
  CHECK(a.plan.target_fingerprint == b.plan.target_fingerprint);
  REQUIRE(a.plan.steps.size() == b.plan.steps.size());
  for (std::size_t i = 0; i < a.plan.steps.size(); ++i) CHECK(a.plan.steps[i] == b.plan.steps[i]);
}

// Parses, requiring an InputError; returns its text.
std::string parse_error(std::string_view text) {
  try {
    parse_revision(text, "plans/p/0002_x.sql");
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("expected an InputError for:\n" << text);
  return {};
}

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

// A parse error, or a checksum that no longer matches: an edit that cannot go unnoticed.
bool detected(std::string_view text) {
  try {
    parse_revision(text, "f.sql");
  } catch (const InputError&) {
    return true;
  }
  return !checksum_matches(text);
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("render_revision writes the documented format", "[revision]") {
  const std::string text = render_revision(sample_revision());
  const std::string body =
      "-- recon revision 0002: add_updated_at\n"
      "-- project: 00_personal_todo\n"
      "-- schema: \"00_personal_todo\"\n"
      "-- parent: 0001 " +
      sha("parent") +
      "\n"
      "-- source: " +
      sha("source") +
      "\n"
      "-- target: " +
      sha("target") +
      "\n"
      "-- planned-from: chain\n"
      "-- recon: 0.1.0\n"
      "--\n"
      "-- Summary (3 steps):\n"
      "--   + table todos\n"
      "--   ~ column todos.is_completed: set not null  [access-exclusive-lock]\n"
      "--   - index ix_old  [data-loss, access-exclusive-lock]\n"
      "--\n"
      "-- Hazards: access-exclusive-lock x2, data-loss x1\n"
      "\n"
      "CREATE SCHEMA IF NOT EXISTS \"00_personal_todo\";\n"
      "SET search_path TO \"00_personal_todo\";\n"
      "\n"
      "-- step 1/3: + table todos\n"
      "CREATE TABLE todos (\n"
      "  id bigint NOT NULL\n"
      ");\n"
      "\n"
      "-- step 2/3: ~ column todos.is_completed: set not null\n"
      "-- hazard access-exclusive-lock: ALTER TABLE blocks reads and writes of todos while it "
      "scans\n"
      "ALTER TABLE todos ALTER COLUMN is_completed SET NOT NULL;\n"
      "\n"
      "-- step 3/3: - index ix_old\n"
      "-- hazard data-loss: the index ix_old is dropped\n"
      "-- hazard access-exclusive-lock: briefly\n"
      "-- recon: not-transactional\n"
      "DROP INDEX CONCURRENTLY ix_old;\n"
      "\n";
  CHECK(text == body + "-- checksum: sha256:" + recon::sha256_hex(body) + "\n");
  CHECK(compute_checksum(text) == "sha256:" + recon::sha256_hex(body));
  CHECK(compute_checksum(body) == compute_checksum(text));
  CHECK(checksum_matches(text));
}

TEST_CASE("render_revision: first revision, no steps, one step, plain schema", "[revision]") {
  Revision r = sample_revision();
  r.number = 1;
  r.parent_number = 0;
  r.parent_checksum.clear();
  r.plan.schema = "billing";
  r.planned_from = PlanSource::database;
  r.plan.steps.clear();
  const std::string empty = render_revision(r);
  CHECK(empty.find("-- parent: none\n") != std::string::npos);
  CHECK(empty.find("-- schema: billing\n") != std::string::npos);
  CHECK(empty.find("-- planned-from: database\n") != std::string::npos);
  CHECK(empty.find("-- Summary (0 steps):\n--\n-- Hazards: none\n\nCREATE SCHEMA IF NOT EXISTS "
                   "billing;\nSET search_path TO billing;\n\n-- checksum: sha256:") !=
        std::string::npos);

  r.plan.steps = {Step{"+ table t", "CREATE TABLE t ();", {}, true}};
  const std::string one = render_revision(r);
  CHECK(one.find("-- Summary (1 step):\n--   + table t\n--\n") != std::string::npos);
  require_same(parse_revision(one, "f.sql"), r);
}

TEST_CASE("render is deterministic and parse(render(r)) == r", "[revision]") {
  std::vector<Revision> cases;
  cases.push_back(sample_revision());
  {
    Revision r = sample_revision();
    r.number = 12345;
    r.parent_number = 12344;
    r.plan.schema = "My \"odd\" schema";
    r.plan.project = "tenant\\one";
    r.recon_version = "1.2.3-dev+\x01";
    r.planned_from = PlanSource::database;
    r.plan.steps.push_back(Step{"", "", {}, true});
    r.plan.steps.push_back(Step{"sql with comments",
                                "-- a comment first\nSELECT 1;\n\n-- step 9/9: fake\n-- checksum: "
                                "x\n\nSELECT 2;\n",
                                {Hazard{"index-build", ""}},
                                false});
    r.plan.steps.push_back(Step{"trailing newline", "SELECT 3;\n\n", {}, true});
    r.plan.steps.push_back(Step{"+ index t.ix",
                                "CREATE INDEX CONCURRENTLY ix ON t (a);",
                                {Hazard{"index-build", "reads all of t"}},
                                false,
                                "SHARE UPDATE EXCLUSIVE on t for the whole build\n(a newline)"});
    r.plan.steps.push_back(Step{"comment in the middle", "SELECT 4;\n--\nSELECT 5;", {}, true});
    cases.push_back(r);
  }
  {
    Revision r = sample_revision();
    r.plan.steps = {
        Step{"~ column t.\xc3\xa9t\xc3\xa9 \xe2\x80\xae evil \xe2\x80\xa8 line\xc2\x85x "
             "\xff\xfe bytes \t tab \\n literal",
             "COMMENT ON TABLE t IS 'a\n\n-- step 2/2: nope\nDROP TABLE t;';",
             {Hazard{"data-loss", "reason with\nnewline and \\ and \r"}},
             true}};
    cases.push_back(r);
  }
  for (const auto& r : cases) {
    const std::string text = render_revision(r);
    CHECK(render_revision(r) == text);
    const Revision parsed = parse_revision(text, "plans/x/0002_y.sql");
    require_same(parsed, r);
    CHECK(parsed.checksum == compute_checksum(text));
    CHECK(parsed.file == "plans/x/0002_y.sql");
    CHECK(render_revision(parsed) == text);
    CHECK(checksum_matches(text));
  }
}

TEST_CASE("a line of SQL that starts with -- makes the step carry its line count", "[revision]") {
  Revision r = sample_revision();
  r.plan.steps = {Step{"s", "-- note\nSELECT 1;", {}, true}, Step{"t", "SELECT 2;", {}, true}};
  const std::string text = render_revision(r);
  CHECK(text.find("-- step 1/2: s\n-- recon: sql-lines 2\n-- note\nSELECT 1;\n\n-- step 2/2: t\n"
                  "SELECT 2;\n\n") != std::string::npos);
}

TEST_CASE("a step's lock is a line between its hazards and its directives", "[revision]") {
  Revision r = sample_revision();
  r.plan.steps = {Step{"+ index t.ix",
                       "CREATE INDEX CONCURRENTLY ix ON t (a);",
                       {Hazard{"index-build", "reads all of t"}},
                       false,
                       "SHARE UPDATE EXCLUSIVE on t for the whole build"}};
  const std::string text = render_revision(r);
  CHECK(text.find("-- step 1/1: + index t.ix\n-- hazard index-build: reads all of t\n"
                  "-- lock: SHARE UPDATE EXCLUSIVE on t for the whole build\n"
                  "-- recon: not-transactional\nCREATE INDEX CONCURRENTLY ix ON t (a);\n") !=
        std::string::npos);
  // A step without a lock has no such line: revisions planned before it parse as they were.
  r.plan.steps[0].lock.clear();
  CHECK(render_revision(r).find("-- lock:") == std::string::npos);
}

TEST_CASE("hostile summaries and reasons stay inside comment lines", "[revision]") {
  Revision r = sample_revision();
  const std::string evil =
      "x */ ;DROP TABLE users;\nDROP SCHEMA public CASCADE; --\r;DROP "
      "DATABASE d;\xe2\x80\xa8;DROP ROLE r;\xc2\x85;DROP ROLE q;";
  r.plan.project = evil;
  r.plan.schema = evil;
  r.recon_version = evil;
  r.plan.steps = {Step{evil, "SELECT 1;", {Hazard{"data-loss", evil}}, true}};
  const std::string text = render_revision(r);
  const std::string preamble_start = "CREATE SCHEMA IF NOT EXISTS ";
  const auto sql_start = text.find(preamble_start);
  const auto sql_end = text.find("\n\n", text.find("SET search_path TO ")) + 1;
  REQUIRE(sql_start != std::string::npos);
  // Outside the preamble (where the name is a quoted identifier) and the step's SQL, every line
  // is a comment or blank, and no line holds a raw CR or a Unicode line separator.
  std::string outside = text.substr(0, sql_start) + text.substr(sql_end);
  outside = replace_once(outside, "\nSELECT 1;\n", "\n");
  for (const auto& line : lines_of(outside)) {
    INFO(line);
    CHECK((line.empty() || line.rfind("--", 0) == 0));
    CHECK(line.find('\r') == std::string::npos);
    CHECK(line.find("\xe2\x80\xa8") == std::string::npos);
    CHECK(line.find("\xc2\x85") == std::string::npos);
  }
  CHECK(outside.find("\n;DROP") == std::string::npos);
  CHECK(outside.find("\nDROP SCHEMA") == std::string::npos);
  require_same(parse_revision(text, "f.sql"), r);
}

TEST_CASE("editing any single byte is detected", "[revision]") {
  Revision r = sample_revision();
  r.plan.steps.resize(2);
  r.plan.steps[0].sql = "CREATE TABLE t (id int);";
  const std::string text = render_revision(r);
  REQUIRE(text.size() < 2000);
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (const unsigned char mask : {0x01, 0x20, 0x80, 0xff}) {
      std::string edited = text;
      edited[i] = static_cast<char>(static_cast<unsigned char>(edited[i]) ^ mask);
      INFO("byte " << i << " xor " << int(mask));
      CHECK(detected(edited));
    }
    std::string removed = text;
    removed.erase(i, 1);
    INFO("byte " << i << " removed");
    CHECK(detected(removed));
    std::string inserted = text;
    inserted.insert(i, 1, ' ');
    CHECK(detected(inserted));
  }
}

TEST_CASE("a truncated file never parses", "[revision]") {
  const std::string text = render_revision(sample_revision());
  for (std::size_t n = 0; n < text.size(); ++n) {
    INFO("truncated to " << n << " bytes");
    CHECK_THROWS_AS(parse_revision(std::string_view(text).substr(0, n), "f.sql"), InputError);
  }
  CHECK_NOTHROW(parse_revision(text, "f.sql"));
}

TEST_CASE("an edited SQL statement parses but its checksum no longer matches", "[revision]") {
  const std::string text = render_revision(sample_revision());
  const std::string edited =
      replace_once(text, "DROP INDEX CONCURRENTLY ix_old;", "DROP INDEX CONCURRENTLY ix_new;");
  const Revision parsed = parse_revision(edited, "f.sql");
  CHECK(parsed.checksum == compute_checksum(text));
  CHECK(parsed.checksum != compute_checksum(edited));
  CHECK_FALSE(checksum_matches(edited));
  CHECK(checksum_matches(text));
  CHECK_FALSE(checksum_matches(""));
  CHECK_FALSE(checksum_matches(text.substr(0, text.size() - 1)));
  CHECK_FALSE(checksum_matches(text + "\n"));
}

TEST_CASE("parse errors point at file:line:column", "[revision]") {
  const std::string text = render_revision(sample_revision());
  const std::string source_line = "-- source: " + sha("source") + "\n";

  SECTION("not a revision") {
    CHECK_THAT(parse_error("SELECT 1;\n"),
               Catch::Contains("plans/p/0002_x.sql:1:1: not a recon revision"));
    CHECK_THAT(parse_error(""), Catch::Contains("plans/p/0002_x.sql:1:1: empty file"));
  }
  SECTION("missing header line") {
    CHECK_THAT(parse_error(replace_once(text, source_line, "")),
               Catch::Contains("plans/p/0002_x.sql:8:1: missing header line '-- source: ...'"));
  }
  SECTION("duplicate header line") {
    CHECK_THAT(parse_error(replace_once(text, source_line, source_line + source_line)),
               Catch::Contains("plans/p/0002_x.sql:6:4: duplicate header line 'source' (first "
                               "on line 5)"));
  }
  SECTION("unknown header line") {
    CHECK_THAT(parse_error(replace_once(text, "-- recon: 0.1.0", "-- recno: 0.1.0")),
               Catch::Contains(":8:4: unknown header line 'recno' (did you mean 'recon'?)"));
  }
  SECTION("bad hex") {
    std::string bad = source_line;
    bad[11 + 7 + 5] = 'G';
    CHECK_THAT(parse_error(replace_once(text, source_line, bad)),
               Catch::Contains("plans/p/0002_x.sql:5:24: bad hex digit in the source fingerprint"));
    CHECK_THAT(parse_error(replace_once(text, source_line, "-- source: sha256:abc\n")),
               Catch::Contains(":5:19: the source fingerprint must have 64 hex digits, not 3"));
  }
  SECTION("step numbering out of order") {
    CHECK_THAT(parse_error(replace_once(text, "-- step 2/3:", "-- step 3/3:")),
               Catch::Contains(":25:9: step numbering out of order: expected step 2/3, found 3/3"));
  }
  SECTION("step count different from the summary count") {
    CHECK_THAT(parse_error(replace_once(text, "(3 steps)", "(4 steps)")),
               Catch::Contains(":10:13: the summary announces 4 steps but lists 3"));
    std::string fewer =
        replace_once(replace_once(text, "(3 steps)", "(2 steps)"),
                     "--   - index ix_old  [data-loss, access-exclusive-lock]\n", "");
    fewer = replace_once(replace_once(fewer, "-- step 1/3:", "-- step 1/2:"),
                         "-- step 2/3:", "-- step 2/2:");
    CHECK_THAT(parse_error(fewer), Catch::Contains("more steps than the summary announces (2)"));
    const auto step3 = text.find("-- step 3/3");
    const std::string dropped = text.substr(0, step3) + text.substr(text.find("-- checksum"));
    CHECK_THAT(parse_error(dropped),
               Catch::Contains("the summary announces 3 steps but the file has only 2"));
  }
  SECTION("text after the checksum line") {
    CHECK_THAT(parse_error(text + "SELECT 1;\n"),
               Catch::Contains(":36:1: text after the checksum line"));
  }
  SECTION("missing checksum line") {
    const std::string body = text.substr(0, text.find("-- checksum"));
    CHECK_THAT(parse_error(body), Catch::Contains("unexpected end of file"));
    CHECK_THAT(parse_error(body + "-- checksum: sha256:"),
               Catch::Contains("the last line has no newline (is the file truncated?)"));
  }
  SECTION("summary line that does not match its step") {
    CHECK_THAT(parse_error(replace_once(text, "--   + table todos", "--   + table other")),
               Catch::Contains(":11:14: this is not how recon writes this revision"));
  }
  SECTION("Windows line endings") {
    std::string crlf;
    for (const char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    CHECK_THAT(parse_error(crlf), Catch::Contains("Windows line endings"));
  }
  SECTION("bad escape") {
    Revision r = sample_revision();
    r.plan.steps[0].summary = "a\nb";
    const std::string escaped = render_revision(r);
    CHECK_THAT(parse_error(replace_once(escaped, "-- step 1/3: a\\nb", "-- step 1/3: a\\qb")),
               Catch::Contains(":20:15: unknown escape '\\q'"));
    CHECK_THAT(parse_error(replace_once(escaped, "-- step 1/3: a\\nb", "-- step 1/3: a\\x4")),
               Catch::Contains("expected two lower-case hex digits"));
  }
  SECTION("non-canonical escape") {
    Revision r = sample_revision();
    r.plan.steps[0].summary = "A";
    const std::string plain = render_revision(r);
    CHECK_THAT(parse_error(replace_once(plain, "-- step 1/3: A", "-- step 1/3: \\x41")),
               Catch::Contains("this is not how recon writes this revision"));
  }
}

TEST_CASE("render_revision refuses what it cannot write faithfully", "[revision]") {
  const auto refuses = [](auto edit) {
    Revision r = sample_revision();
    edit(r);
    CHECK_THROWS_AS(render_revision(r), std::invalid_argument);
  };
  refuses([](Revision& r) { r.number = 0; });
  refuses([](Revision& r) { r.slug = "Add Column"; });
  refuses([](Revision& r) { r.slug = ""; });
  refuses([](Revision& r) { r.plan.project = ""; });
  refuses([](Revision& r) { r.plan.schema = ""; });
  refuses([](Revision& r) { r.recon_version = ""; });
  refuses([](Revision& r) { r.plan.source_fingerprint = "sha256:ABC"; });
  refuses([](Revision& r) { r.plan.target_fingerprint = ""; });
  refuses([](Revision& r) { r.parent_checksum = ""; });
  refuses([](Revision& r) { r.parent_number = 0; });
  refuses([](Revision& r) { r.plan.steps[1].hazards[0].kind = "data loss: yes"; });
}

TEST_CASE("parse_revision survives arbitrary bytes", "[revision]") {
  const std::string text = render_revision(sample_revision());
  std::mt19937 random(20240601);
  const auto any = [&](std::size_t n) {
    return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(random));
  };
  const std::vector<std::string> tokens = {"\n",
                                           "--",
                                           "-- ",
                                           "\\",
                                           "\\u{",
                                           "\\x",
                                           ":",
                                           " ",
                                           "\r",
                                           "\"",
                                           "/",
                                           "0",
                                           "9999999999",
                                           "-- step 1/3: ",
                                           "-- recon: sql-lines 99999\n",
                                           "-- checksum: "};
  int parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string mutated = text;
    const std::size_t edits = 1 + any(4);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = any(mutated.size() + 1);
      switch (any(4)) {
        case 0:
          mutated.insert(at, tokens[any(tokens.size())]);
          break;
        case 1:
          if (at < mutated.size()) mutated.erase(at, 1 + any(40));
          break;
        case 2:
          if (at < mutated.size()) mutated[at] = static_cast<char>(any(256));
          break;
        default:
          mutated.insert(at, mutated.substr(any(mutated.size()), any(60)));
          break;
      }
    }
    try {
      const Revision r = parse_revision(mutated, "fuzz.sql");
      ++parsed;
      CHECK(render_revision(r).substr(0, mutated.rfind("-- checksum: ")) ==
            mutated.substr(0, mutated.rfind("-- checksum: ")));
    } catch (const InputError&) {
    }
  }
  std::string noise;
  for (int i = 0; i < 20000; ++i) noise.push_back(static_cast<char>(any(256)));
  CHECK_THROWS_AS(parse_revision(noise, "noise.sql"), InputError);
  CHECK(parsed < 3000);
}
