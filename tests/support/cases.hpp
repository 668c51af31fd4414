#pragma once

// Table-driven integration cases kept as data: tests/cases/<suite>/<case>/ holds one case's files
// (a.sql: state A made by SQL, b.toml: state B declared, expect.txt: what else must hold), so
// adding a case is adding a directory. tests/cases/README.md describes the files.
//
// register_cases() makes one Catch2 test case per directory, named "<suite>: <directory>", so a
// failure names its case and one case runs alone by its name.

#include <catch2/catch.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace recon::testing {

// tests/cases/<suite> in the source tree.
std::filesystem::path cases_root(std::string_view suite);

// The case directories of a suite, sorted by name (none when the suite's directory is missing).
std::vector<std::filesystem::path> case_dirs(std::string_view suite);

// A file of a case, byte for byte; FAILs the test when it is missing.
std::string read_case_file(const std::filesystem::path& file);

// Registers `run(directory)` as a test case for each case of `suite`, with `tags`, at `where` (the
// test file's line, which gives the test cases its `-#` file tag). With fewer than `min_cases`
// cases (a moved or emptied directory), it registers one failing test case instead.
bool register_cases(std::string_view suite, std::string_view tags,
                    const Catch::SourceLineInfo& where, std::size_t min_cases,
                    void (*run)(const std::filesystem::path&));

// What a convergence case expects besides reaching B, one directive a line (see README.md).
struct StepHazard {
  std::string kind;
  std::string summary;
};
struct HazardBan {
  std::string kind;
  std::vector<std::string> except;  // summaries of the steps allowed to carry it
};
struct StepCount {
  std::size_t count = 0;
  std::string prefix;
};
struct Expectations {
  bool schema_absent = false;                    // no-schema
  bool any_column_order = false;                 // any-column-order
  std::vector<std::string> hazards;              // hazard KIND
  std::vector<StepHazard> step_hazards;          // hazard KIND on SUMMARY
  std::vector<HazardBan> no_hazards;             // no-hazard KIND [except SUMMARY | ...]
  std::vector<std::vector<std::string>> orders;  // order SUMMARY | SUMMARY | ...
  std::vector<StepCount> counts;                 // count N SUMMARY-PREFIX
  std::vector<std::string> checks;               // check QUERY
  std::vector<std::string> errors;               // error-contains TEXT
  std::vector<std::string> run_errors;           // run-fails TEXT
};

// Parses expect.txt's text; throws std::runtime_error naming `file`:line and the directive for a
// line it does not understand (a typo must not drop an assertion).
Expectations parse_expectations(std::string_view text, const std::string& file);

// The expectations of a case directory (none when it has no expect.txt).
Expectations read_expectations(const std::filesystem::path& dir);

}  // namespace recon::testing
