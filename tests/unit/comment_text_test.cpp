// Escaping free text in revision comments (plan/comment_text.hpp): the cases are in
// data/comment_escapes.tsv.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "plan/comment_text.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"

namespace {

struct EscapeCase {
  int line = 0;
  std::vector<std::string> fields;  // the kind first
};

std::vector<EscapeCase> escape_cases() {
  const std::string text = recon::testing::read_text(recon::testing::source_root() / "tests" /
                                                     "unit" / "data" / "comment_escapes.tsv");
  REQUIRE_FALSE(text.empty());
  std::vector<EscapeCase> cases;
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    EscapeCase c{number, {}};
    std::size_t from = 0;
    for (std::size_t tab; (tab = line.find('\t', from)) != std::string::npos; from = tab + 1)
      c.fields.push_back(line.substr(from, tab - from));
    c.fields.push_back(line.substr(from));
    cases.push_back(std::move(c));
  }
  return cases;
}

// The TEXT column: \xHH is the byte HH.
std::string bytes_of(const std::string& written) {
  std::string out;
  for (std::size_t i = 0; i < written.size(); ++i) {
    if (written.compare(i, 2, "\\x") == 0 && i + 4 <= written.size()) {
      out.push_back(static_cast<char>(std::stoi(written.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(written[i]);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("comment text: escaping and reading back, from data/comment_escapes.tsv", "[revision]") {
  const auto cases = escape_cases();
  CHECK(cases.size() >= 20);
  for (const auto& c : cases) {
    INFO("comment_escapes.tsv:" << c.line);
    const std::string& kind = c.fields.front();
    std::string read;
    if (kind == "escape" && c.fields.size() == 3) {
      const std::string text = bytes_of(c.fields[1]);
      CHECK(recon::escape_comment_text(text) == c.fields[2]);
      CHECK_FALSE(recon::unescape_comment_text(c.fields[2], read));
      CHECK(read == text);
    } else if (kind == "read" && c.fields.size() == 3) {
      CHECK_FALSE(recon::unescape_comment_text(c.fields[1], read));
      CHECK(read == bytes_of(c.fields[2]));
    } else if (kind == "refuse" && c.fields.size() == 4) {
      const auto error = recon::unescape_comment_text(c.fields[1], read);
      REQUIRE(error);
      CHECK(error->offset == std::stoul(c.fields[2]));
      CHECK_THAT(error->message, Catch::Contains(c.fields[3]));
    } else {
      FAIL("a line of comment_escapes.tsv is not 'escape', 'read' or 'refuse' with its fields");
    }
  }
}
