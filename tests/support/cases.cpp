#include "support/cases.hpp"

#include <algorithm>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "support/files.hpp"
#include "support/source_root.hpp"

namespace recon::testing {
namespace fs = std::filesystem;

namespace {

// Runs one case directory; Catch owns it once registered.
class CaseInvoker : public Catch::ITestInvoker {
 public:
  CaseInvoker(fs::path dir, void (*run)(const fs::path&)) : dir_(std::move(dir)), run_(run) {}
  void invoke() const override { run_(dir_); }

 private:
  fs::path dir_;
  void (*run_)(const fs::path&);
};

// Stands for the cases of a suite that has too few of them.
class MissingCasesInvoker : public Catch::ITestInvoker {
 public:
  explicit MissingCasesInvoker(std::string message) : message_(std::move(message)) {}
  void invoke() const override { FAIL(message_); }

 private:
  std::string message_;
};

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// "a | b | c" -> {"a", "b", "c"}
std::vector<std::string> split_bars(std::string_view text) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t bar = text.find('|', start);
    parts.push_back(trimmed(text.substr(start, bar == std::string_view::npos ? bar : bar - start)));
    if (bar == std::string_view::npos) return parts;
    start = bar + 1;
  }
}

// Splits "word rest of line" at the first space.
std::pair<std::string, std::string> first_word(std::string_view line) {
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return {std::string(line), ""};
  return {std::string(line.substr(0, space)), trimmed(line.substr(space + 1))};
}

void parse_hazard(const std::string& rest, Expectations& out) {
  const auto [kind, tail] = first_word(rest);
  if (tail.empty()) return out.hazards.push_back(kind);
  const auto [on, summary] = first_word(tail);
  if (on != "on" || summary.empty()) throw std::invalid_argument("expected 'on SUMMARY'");
  out.step_hazards.push_back({kind, summary});
}

void parse_no_hazard(const std::string& rest, Expectations& out) {
  const auto [kind, tail] = first_word(rest);
  HazardBan ban{kind, {}};
  if (!tail.empty()) {
    const auto [except, summaries] = first_word(tail);
    if (except != "except" || summaries.empty()) {
      throw std::invalid_argument("expected 'except SUMMARY | ...'");
    }
    ban.except = split_bars(summaries);
  }
  out.no_hazards.push_back(std::move(ban));
}

void parse_count(const std::string& rest, Expectations& out) {
  const auto [number, prefix] = first_word(rest);
  std::size_t used = 0;
  const unsigned long count = std::stoul(number, &used);
  if (used != number.size() || prefix.empty()) throw std::invalid_argument("expected 'N PREFIX'");
  out.counts.push_back({count, prefix});
}

void parse_directive(const std::string& word, const std::string& rest, Expectations& out) {
  const bool flag = word == "no-schema" || word == "any-column-order";
  if (flag != rest.empty()) throw std::invalid_argument("wrong number of arguments");
  if (word == "no-schema") {
    out.schema_absent = true;
  } else if (word == "any-column-order") {
    out.any_column_order = true;
  } else if (word == "hazard") {
    parse_hazard(rest, out);
  } else if (word == "no-hazard") {
    parse_no_hazard(rest, out);
  } else if (word == "order") {
    out.orders.push_back(split_bars(rest));
  } else if (word == "count") {
    parse_count(rest, out);
  } else if (word == "check") {
    out.checks.push_back(rest);
  } else if (word == "error-contains") {
    out.errors.push_back(rest);
  } else if (word == "run-fails") {
    out.run_errors.push_back(rest);
  } else {
    throw std::invalid_argument("unknown directive");
  }
}

}  // namespace

fs::path cases_root(std::string_view suite) {
  return source_root() / "tests" / "cases" / suite;
}

std::vector<fs::path> case_dirs(std::string_view suite) {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (fs::directory_iterator it(cases_root(suite), ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory()) dirs.push_back(it->path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::string read_case_file(const fs::path& file) {
  INFO("case file " << file.string());
  REQUIRE(fs::is_regular_file(file));
  return read_text(file);
}

bool register_cases(std::string_view suite, std::string_view tags,
                    const Catch::SourceLineInfo& where, std::size_t min_cases,
                    void (*run)(const fs::path&)) {
  const std::vector<fs::path> dirs = case_dirs(suite);
  const std::string prefix = std::string(suite) + ": ";
  const Catch::StringRef tag_ref(tags.data(), tags.size());
  if (dirs.size() < min_cases) {
    std::ostringstream message;
    message << dirs.size() << " case directories in " << cases_root(suite).string()
            << ", expected at least " << min_cases;
    const std::string name = prefix + "cases are missing";
    Catch::AutoReg(new MissingCasesInvoker(message.str()), where, "",
                   Catch::NameAndTags{name, tag_ref});
    return false;
  }
  for (const fs::path& dir : dirs) {
    const std::string name = prefix + dir.filename().string();
    Catch::AutoReg(new CaseInvoker(dir, run), where, "", Catch::NameAndTags{name, tag_ref});
  }
  return true;
}

Expectations parse_expectations(std::string_view text, const std::string& file) {
  Expectations out;
  std::istringstream lines{std::string(text)};
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    line = trimmed(line);
    if (line.empty() || line.front() == '#') continue;
    const auto [word, rest] = first_word(line);
    try {
      parse_directive(word, rest, out);
    } catch (const std::exception& e) {
      throw std::runtime_error(file + ":" + std::to_string(number) + ": " + e.what() + ": '" +
                               line + "' (see tests/cases/README.md)");
    }
  }
  return out;
}

Expectations read_expectations(const fs::path& dir) {
  const fs::path file = dir / "expect.txt";
  if (!fs::exists(file)) return {};
  return parse_expectations(read_text(file), file.string());
}

}  // namespace recon::testing
