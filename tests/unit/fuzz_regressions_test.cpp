// Replays every kept fuzz input (tests/fuzz_regressions/<target>/) through the same checks the
// libFuzzer targets make (fuzz/fuzz_checks.hpp): the inputs that once crashed, hung or broke a
// round trip, and the seeds. Each must be refused with InputError or pass its round trip.
// See docs/fuzzing.md.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fuzz/fuzz_checks.hpp"
#include "support/source_root.hpp"

namespace fs = std::filesystem;

namespace {

fs::path regressions_dir() {
  return recon::testing::source_root() / "tests" / "fuzz_regressions";
}

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(regressions_dir() / target)) {
    if (entry.is_regular_file() && entry.path().filename() != "README.md")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("fuzz regressions: declarations", "[fuzz][unit]") {
  const auto files = inputs("declare");
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    INFO(file.filename().string());
    const std::string text = read_bytes(file);
    CHECK_NOTHROW(recon::fuzz::check_declaration(text));
  }
}

TEST_CASE("fuzz regressions: revision files", "[fuzz][unit]") {
  const auto files = inputs("revision");
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    INFO(file.filename().string());
    const std::string text = read_bytes(file);
    CHECK_NOTHROW(recon::fuzz::check_revision(text));
  }
}
