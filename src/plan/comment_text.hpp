// Free text inside a revision file's comment lines (project, schema, summaries, hazard reasons,
// locks, recon version): escaped so that it always stays on its own comment line, and read back.
//
// '\\' -> "\\\\", newline -> "\\n", carriage return -> "\\r", tab -> "\\t", other control bytes
// and bytes that are not UTF-8 -> "\\xHH", and the Unicode characters that can make a line look
// different from what it is (C1 controls, line and paragraph separators, bidirectional
// overrides, byte order mark) -> "\\u{HHHH}".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace recon {

// The escaping described above, used for every free text written in a comment.
std::string escape_comment_text(std::string_view text);

// What is wrong with an escaped text: the offset of the bad escape in it, and a message.
struct UnescapeError {
  std::size_t offset;
  std::string message;
};

// The inverse of escape_comment_text: sets `out` to the text `escaped` stands for. Accepts
// escapes that escape_comment_text would not write (\x41 for 'A'): the parser compares what it
// read with what recon would write to refuse those.
std::optional<UnescapeError> unescape_comment_text(std::string_view escaped, std::string& out);

}  // namespace recon
