#pragma once

// Table-driven unit cases kept in one text file (tests/unit/data/*.txt): before the first case,
// the file's own comments; then per case a line "=== NAME", its input up to a line
// "--- expect", and what is expected, one item a line (blank lines left out).

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

}  // namespace recon::testing
