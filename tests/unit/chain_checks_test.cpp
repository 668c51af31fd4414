// The checks across a plan directory's revisions (plan/chain_checks.hpp), on revisions made in
// memory: the cases are in data/chain_links.txt.

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "plan/chain_checks.hpp"
#include "support/text_cases.hpp"

namespace {

int revision_number_of(const std::string& digits) {
  return std::stoi(digits);
}

// The entries a case's lines describe; each revision's checksum names its line.
std::vector<recon::chain::Entry> chain_entries_of(const std::string& input) {
  std::vector<std::string> lines;
  std::istringstream in(input);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  std::vector<recon::chain::Entry> entries;
  const auto checksum_of_number = [&](int number) {
    for (const auto& e : entries)
      if (e.number == number && e.revision) return e.revision->checksum;
    return "sha256:missing-" + std::to_string(number);
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::istringstream words(lines[i]);
    std::string number, parent, edited;
    words >> number >> parent >> edited;
    recon::chain::Entry entry;
    entry.number = revision_number_of(number);
    entry.path = "plans/p/" + number + "_r" + std::to_string(i + 1) + ".sql";
    if (parent != "unparsed") {
      recon::Revision r;
      r.number = entry.number;
      r.checksum = "sha256:line-" + std::to_string(i + 1);
      if (parent != "none") {
        r.parent_number = revision_number_of(parent);
        r.parent_checksum =
            edited == "edited" ? "sha256:edited" : checksum_of_number(r.parent_number);
      }
      entry.revision = r;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

TEST_CASE("forks, gaps and parent links, from data/chain_links.txt", "[verify]") {
  const auto cases = recon::testing::read_text_cases("chain_links.txt");
  CHECK(cases.size() >= 10);
  for (const auto& c : cases) {
    INFO("case: " << c.name);
    auto entries = chain_entries_of(c.input);
    recon::chain::Problems problems;
    recon::chain::find_forks(entries, "p", problems);
    recon::chain::check_links(entries, problems);
    std::vector<std::string> found;
    for (const auto& p : problems) {
      found.push_back(p.kind + " " + p.file.filename().string());
      CHECK_THAT(p.message, Catch::Contains(p.file.string() + ": "));
    }
    if (found.empty()) found.push_back("none");
    CHECK(found == c.expected);
  }
}
