#include "plan/revision_lines.hpp"

#include <algorithm>

#include "plan/revision_layout.hpp"

namespace recon::revision_layout {
namespace {

constexpr std::size_t kMaxNumberDigits = 9;  // fits an int
constexpr std::size_t kMaxDiagnostics = 20;

}  // namespace

RevisionLines::RevisionLines(std::string_view text, const std::filesystem::path& file)
    : text_(text), file_(file.string()) {
  load();
}

void RevisionLines::load() {
  cur_.start = pos_;
  cur_.number = line_;
  if (at_end()) {
    cur_.text = {};
    cur_.terminated = false;
    return;
  }
  const std::size_t newline = text_.find('\n', pos_);
  cur_.terminated = newline != std::string_view::npos;
  cur_.text = text_.substr(pos_, (cur_.terminated ? newline : text_.size()) - pos_);
}

void RevisionLines::advance() {
  pos_ = cur_.start + cur_.text.size() + (cur_.terminated ? 1 : 0);
  ++line_;
  load();
}

RevisionLines::Line RevisionLines::take() {
  if (at_end()) fail(line_, 1, "unexpected end of file (is the file truncated?)");
  if (!cur_.terminated)
    fail(cur_, static_cast<int>(cur_.text.size()) + 1,
         "the last line has no newline (is the file truncated?)");
  Line line = cur_;
  advance();
  return line;
}

void RevisionLines::skip(std::size_t bytes, int lines) {
  line_ += lines;
  pos_ += bytes;
  load();
}

void RevisionLines::fail(int line, int column, std::string message) {
  note(line, column, std::move(message));
  throw InputError(std::move(diagnostics_));
}

void RevisionLines::fail(const Line& line, std::size_t column, std::string message) {
  fail(line.number, static_cast<int>(column), std::move(message));
}

bool RevisionLines::full() const {
  return diagnostics_.size() >= kMaxDiagnostics;
}

void RevisionLines::note(int line, int column, std::string message) {
  if (full()) return;
  diagnostics_.push_back(Diagnostic{SourceLocation{file_, line, column}, std::move(message)});
}

void RevisionLines::flush() {
  if (!diagnostics_.empty()) throw InputError(std::move(diagnostics_));
}

std::pair<int, int> RevisionLines::position(std::size_t offset) const {
  const std::string_view before = text_.substr(0, offset);
  const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t newline = before.rfind('\n');
  const std::size_t start = newline == std::string_view::npos ? 0 : newline + 1;
  return {line, static_cast<int>(offset - start) + 1};
}

std::optional<long long> RevisionLines::digits(std::string_view text, std::size_t& i) {
  const std::size_t start = i;
  long long value = 0;
  while (i < text.size() && is_digit(text[i])) {
    if (i - start >= kMaxNumberDigits) return std::nullopt;
    value = value * 10 + (text[i] - '0');
    ++i;
  }
  if (i == start) return std::nullopt;
  return value;
}

}  // namespace recon::revision_layout
