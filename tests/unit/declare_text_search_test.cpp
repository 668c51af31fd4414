// Text search dictionaries and configurations in a declaration: read into the catalog, written
// back by inspect, and every mistake reported at its place (the cases are data:
// tests/unit/data/text_search_declarations.txt).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "catalog/canonical_text.hpp"
#include "catalog/ddl.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "declare/declare.hpp"
#include "declare/emit.hpp"
#include "support/text_cases.hpp"

namespace {

const char* const kEnglishPlain = R"toml(
[text_search.dictionaries.english_stem_plain]
template = "snowball"
options = { Language = "english", accept = false }
comment = "English stems, stop words kept"

[text_search.dictionaries.colours]
template = "pg_catalog.synonym"
options = { synonyms = "synonym_sample" }

[text_search.configurations.english_plain]
comment = "English, stemmed"
[text_search.configurations.english_plain.mapping]
asciiword = ["colours", "english_stem_plain"]
word = ["english_stem_plain"]
int = ["simple"]

[text_search.configurations.bare]
parser = "default"
)toml";

std::vector<recon::Diagnostic> text_search_problems(const std::string& toml) {
  try {
    recon::declare::parse_declaration(toml, "test.toml");
  } catch (const recon::InputError& error) {
    return error.diagnostics();
  }
  return {};
}

}  // namespace

TEST_CASE("text search dictionaries and configurations are read", "[declare][text_search]") {
  const recon::Catalog c = recon::declare::parse_declaration(kEnglishPlain, "test.toml");
  REQUIRE(c.text_search_dictionaries.size() == 2);
  const auto& stem = c.text_search_dictionaries.at("english_stem_plain");
  CHECK(stem.template_name == "snowball");
  // Postgres folds option names to lower case and keeps every value as text.
  CHECK(stem.options ==
        std::map<std::string, std::string>{{"language", "english"}, {"accept", "false"}});
  CHECK(stem.comment == "English stems, stop words kept");
  REQUIRE(c.text_search_configurations.size() == 2);
  const auto& plain = c.text_search_configurations.at("english_plain");
  CHECK(plain.parser == "default");
  CHECK(plain.mapping.at("asciiword") == std::vector<std::string>{"colours", "english_stem_plain"});
  CHECK(plain.mapping.size() == 3);
  CHECK(c.text_search_configurations.at("bare").mapping.empty());
}

TEST_CASE("text search objects are created with qualified templates and parsers",
          "[declare][text_search]") {
  const recon::Catalog c = recon::declare::parse_declaration(kEnglishPlain, "test.toml");
  CHECK(recon::ddl::create_text_search_dictionary(
            c.text_search_dictionaries.at("english_stem_plain")) ==
        "CREATE TEXT SEARCH DICTIONARY english_stem_plain (TEMPLATE = pg_catalog.snowball, "
        "accept = 'false', language = 'english');");
  // "default" and "int" are keywords: quoted. Token types mapped alike share one statement, in
  // the order of their dictionary lists.
  auto english_plain = c.text_search_configurations.at("english_plain");
  english_plain.mapping["uint"] = {"simple"};
  CHECK(recon::ddl::create_text_search_configuration(english_plain) ==
        "CREATE TEXT SEARCH CONFIGURATION english_plain (PARSER = pg_catalog.\"default\");\n"
        "ALTER TEXT SEARCH CONFIGURATION english_plain ADD MAPPING FOR asciiword WITH colours, "
        "english_stem_plain;\n"
        "ALTER TEXT SEARCH CONFIGURATION english_plain ADD MAPPING FOR word WITH "
        "english_stem_plain;\n"
        "ALTER TEXT SEARCH CONFIGURATION english_plain ADD MAPPING FOR \"int\", uint WITH "
        "simple;");
}

TEST_CASE("inspect writes text search objects that read back the same", "[declare][text_search]") {
  const recon::Catalog c = recon::declare::parse_declaration(kEnglishPlain, "test.toml");
  const std::string written = recon::declare::emit_toml(c);
  INFO(written);
  CHECK(written.find("[text_search.configurations.english_plain.mapping]") != std::string::npos);
  const recon::Catalog again = recon::declare::parse_declaration(written, "again.toml");
  CHECK(recon::canonical_text(again) == recon::canonical_text(c));
}

TEST_CASE("a schema without text search objects keeps its fingerprint", "[declare][text_search]") {
  recon::Catalog c = recon::declare::parse_declaration("[enums.e]\nvalues = [\"a\"]\n", "t.toml");
  const std::string before = recon::fingerprint(c);
  CHECK(recon::canonical_text(c).find("text_search") == std::string::npos);
  c.text_search_configurations["plain"].name = "plain";
  CHECK(recon::fingerprint(c) != before);
}

TEST_CASE("mistakes in text search declarations are reported at their place",
          "[declare][text_search]") {
  const auto cases = recon::testing::read_text_cases("text_search_declarations.txt");
  REQUIRE(cases.size() >= 10);
  for (const auto& c : cases) {
    const auto diagnostics = text_search_problems(c.input);
    std::string reported;
    for (const auto& d : diagnostics) reported += d.to_string() + "\n";
    for (const auto& expected : c.expected) {
      INFO(c.name << "\nexpected: " << expected << "\nreported:\n" << reported);
      CHECK(recon::testing::reported(diagnostics, expected));
    }
  }
}
