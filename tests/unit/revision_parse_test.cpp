// Reading revision files back (parse_revision): the cases are in data/revision_parse_cases.txt,
// whole files as recon writes them, and the same files with one thing a hand or a merge changed.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "catalog/diagnostic.hpp"
#include "plan/revision_file.hpp"
#include "support/text_cases.hpp"

namespace {

std::string sql_with_newlines_shown(const std::string& text) {
  std::string out;
  for (const char c : text) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

// What parse_revision made of the text, in the expectation's words.
std::vector<std::string> revision_read_back(const std::string& text) {
  std::vector<std::string> out;
  try {
    const auto r = recon::parse_revision(text, "plans/shop/0002_add_note.sql");
    out.push_back("ok " + std::to_string(r.number) + " " + r.slug + " schema=" + r.plan.schema);
    for (const auto& step : r.plan.steps) {
      std::string line = "step " + step.summary + " | " +
                         (step.transactional ? "transactional" : "not-transactional");
      if (!step.lock.empty()) line += " | lock " + step.lock;
      for (const auto& h : step.hazards) line += " | hazard " + h.kind + ": " + h.reason;
      out.push_back(line);
      out.push_back(sql_with_newlines_shown(step.sql));
    }
  } catch (const recon::InputError& e) {
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
  }
  return out;
}

}  // namespace

TEST_CASE("revision files read back, from data/revision_parse_cases.txt", "[revision]") {
  const auto cases = recon::testing::read_text_cases("revision_parse_cases.txt");
  CHECK(cases.size() >= 15);
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    CHECK(revision_read_back(c.input) == c.expected);
  }
}
