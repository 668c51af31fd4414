// A revision's checksum: sha256 over every byte before its last line, which carries it. Any
// edit of a planned revision, a single byte included, changes it.
#include "catalog/fingerprint.hpp"
#include "plan/revision_file.hpp"
#include "plan/revision_layout.hpp"

namespace recon {
namespace revision_layout {
namespace {

// Where the last line of `text` starts (the final '\n' does not start a line).
std::size_t last_line_start(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t end = text.size();
  if (text[end - 1] == '\n') --end;
  if (end == 0) return 0;
  const std::size_t newline = text.rfind('\n', end - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

}  // namespace

std::string checksum_line(std::string_view body) {
  return std::string(kChecksumPrefix) + std::string(kSha256) + sha256_hex(body) + "\n";
}

}  // namespace revision_layout

std::string compute_checksum(std::string_view text) {
  using namespace revision_layout;
  const std::size_t start = last_line_start(text);
  const std::string_view body =
      starts_with(text.substr(start), kChecksumPrefix) ? text.substr(0, start) : text;
  return std::string(kSha256) + sha256_hex(body);
}

bool checksum_matches(std::string_view text) {
  using namespace revision_layout;
  const std::size_t start = last_line_start(text);
  return text.substr(start) == checksum_line(text.substr(0, start));
}

}  // namespace recon
