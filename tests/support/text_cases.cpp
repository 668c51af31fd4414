#include "support/text_cases.hpp"

#include <sstream>

#include "support/files.hpp"
#include "support/source_root.hpp"

namespace recon::testing {

std::vector<TextCase> read_text_cases(const std::string& file) {
  std::istringstream in(read_text(source_root() / "tests" / "unit" / "data" / file));
  std::vector<TextCase> cases;
  bool in_expect = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("=== ")) {
      cases.push_back({line.substr(4), "", {}});
      in_expect = false;
    } else if (cases.empty()) {
      continue;  // the file's own comments
    } else if (line == "--- expect") {
      in_expect = true;
    } else if (in_expect) {
      if (!line.empty()) cases.back().expected.push_back(line);
    } else {
      cases.back().input += line + "\n";
    }
  }
  return cases;
}

}  // namespace recon::testing
