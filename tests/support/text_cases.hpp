#pragma once

// Table-driven unit cases kept in one text file (tests/unit/data/*.txt): before the first case,
// the file's own comments; then per case a line "=== NAME", its input up to a line
// "--- expect", and what is expected, one item a line (blank lines left out).

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace recon::testing {

struct TextCase {
  std::string name;
  std::string input;                  // every line with its '\n'
  std::vector<std::string> expected;  // the non-blank lines after "--- expect"
};

// The cases of tests/unit/data/<file>; none when it cannot be read.
std::vector<TextCase> read_text_cases(const std::string& file);

// Whether `diagnostics` (recon::Diagnostic) has one at LINE:COL whose message contains
// MESSAGE, for an expected line "LINE:COL MESSAGE".
template <typename Diagnostics>
bool reported(const Diagnostics& diagnostics, const std::string& expected) {
  const auto colon = expected.find(':');
  const auto space = expected.find(' ');
  const int line = std::stoi(expected.substr(0, colon));
  const int column = std::stoi(expected.substr(colon + 1, space - colon - 1));
  const std::string message = expected.substr(space + 1);
  return std::any_of(diagnostics.begin(), diagnostics.end(), [&](const auto& d) {
    return d.where.line == line && d.where.column == column &&
           d.message.find(message) != std::string::npos;
  });
}

}  // namespace recon::testing
