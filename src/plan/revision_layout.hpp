// The pieces of a revision file's layout (revision_file.hpp draws it) that its renderer, parser
// and checksum share: the line prefixes and the shapes of its values.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "run/revision.hpp"

namespace recon::revision_layout {

constexpr std::string_view kFirstLinePrefix = "-- recon revision ";
constexpr std::string_view kChecksumPrefix = "-- checksum: ";
constexpr std::string_view kStepPrefix = "-- step ";
constexpr std::string_view kHazardPrefix = "-- hazard ";
constexpr std::string_view kLockPrefix = "-- lock: ";
constexpr std::string_view kDirectivePrefix = "-- recon: ";
constexpr std::string_view kSummaryPrefix = "-- Summary (";
constexpr std::string_view kSummaryLinePrefix = "--   ";
constexpr std::string_view kHazardsPrefix = "-- Hazards: ";
constexpr std::string_view kNotTransactional = "not-transactional";
constexpr std::string_view kSqlLines = "sql-lines ";
constexpr std::string_view kSha256 = "sha256:";
constexpr std::size_t kHexDigits = 64;

// The header keys, in the order they are written. "roles" only when the plan names some.
constexpr std::array<std::string_view, 8> kHeaderKeys = {
    "project", "schema", "parent", "source", "target", "planned-from", "roles", "recon"};
constexpr std::string_view kOptionalHeaderKey = "roles";

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_lower_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f');
}
inline bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "sha256:" and 64 lower-case hex digits.
inline bool is_sha256(std::string_view s) {
  return s.size() == kSha256.size() + kHexDigits && starts_with(s, kSha256) &&
         std::all_of(s.begin() + kSha256.size(), s.end(), is_lower_hex);
}

// Not empty, and made of [a-z0-9] and `extra`.
inline bool is_lower_word(std::string_view s, char extra) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [extra](char c) {
    return (c >= 'a' && c <= 'z') || is_digit(c) || c == extra;
  });
}

// [a-z0-9_]+, the slug of the first line and of the file name.
inline bool is_slug(std::string_view s) {
  return is_lower_word(s, '_');
}

// [a-z0-9-]+
inline bool is_hazard_kind(std::string_view s) {
  return is_lower_word(s, '-');
}

// A revision's number as files write it: 4 digits at least ("0002").
std::string number_text(long long n);

// Only for psql -f: recon's apply sets the search path itself and skips these lines.
std::string preamble(std::string_view schema);

// Everything render_revision writes before the checksum line; what the parser compares the
// file with to refuse anything recon would not have written.
std::string render_body(const Revision& revision);

// The last line of a revision whose other lines are `body`: "-- checksum: sha256:<hex>\n".
std::string checksum_line(std::string_view body);

}  // namespace recon::revision_layout
