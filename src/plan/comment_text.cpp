#include "plan/comment_text.hpp"

#include <utility>

namespace recon {
namespace {

// Escapes write lower-case hex only, and read only what they write.
bool is_escape_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_escape_hex(char c) {
  return is_escape_digit(c) || (c >= 'a' && c <= 'f');
}

constexpr const char* kHex = "0123456789abcdef";

void append_hex_byte(std::string& out, unsigned char c) {
  out += "\\x";
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xf]);
}

// The code point of the well-formed UTF-8 sequence at s[i], and its length; length 0 when the
// bytes there are not well-formed UTF-8 (overlong forms, surrogates and values past U+10FFFF
// included).
std::pair<char32_t, std::size_t> decode_utf8(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (lead < 0x80) return {lead, 1};
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2, cp = lead & 0x1f, min = 0x80;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3, cp = lead & 0x0f, min = 0x800;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return {0, 0};
  }
  if (s.size() - i < length) return {0, 0};
  for (std::size_t k = 1; k < length; ++k) {
    const unsigned char c = byte(i + k);
    if ((c & 0xc0) != 0x80) return {0, 0};
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return {0, 0};
  return {cp, length};
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Characters that an editor or a diff view may show as a line break, hide, or use to reorder
// what a reviewer sees ("Trojan Source").
bool is_deceptive(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

}  // namespace

std::string escape_comment_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      append_hex_byte(out, c);
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      const auto [cp, length] = decode_utf8(text, i);
      if (length == 0) {
        append_hex_byte(out, c);
      } else if (is_deceptive(cp)) {
        std::string hex;
        for (char32_t v = cp; v != 0; v >>= 4) hex.insert(hex.begin(), kHex[v & 0xf]);
        if (hex.size() < 4) hex.insert(0, 4 - hex.size(), '0');
        out += "\\u{" + hex + "}";
        i += length;
        continue;
      } else {
        out.append(text.substr(i, length));
        i += length;
        continue;
      }
    }
    ++i;
  }
  return out;
}

std::optional<UnescapeError> unescape_comment_text(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i + 1 >= text.size()) return UnescapeError{i, "a backslash ends the line"};
    const char e = text[i + 1];
    switch (e) {
      case '\\':
        out.push_back('\\');
        ++i;
        continue;
      case 'n':
        out.push_back('\n');
        ++i;
        continue;
      case 'r':
        out.push_back('\r');
        ++i;
        continue;
      case 't':
        out.push_back('\t');
        ++i;
        continue;
      case 'x': {
        if (i + 3 >= text.size() || !is_escape_hex(text[i + 2]) || !is_escape_hex(text[i + 3]))
          return UnescapeError{i, "expected two lower-case hex digits after \\x"};
        const auto value = [](char h) { return is_escape_digit(h) ? h - '0' : h - 'a' + 10; };
        out.push_back(static_cast<char>((value(text[i + 2]) << 4) | value(text[i + 3])));
        i += 3;
        continue;
      }
      case 'u': {
        if (i + 2 >= text.size() || text[i + 2] != '{')
          return UnescapeError{i, "expected \\u{HHHH}"};
        std::size_t k = i + 3;
        char32_t cp = 0;
        while (k < text.size() && is_escape_hex(text[k]) && k - (i + 3) < 6) {
          cp = cp * 16 +
               static_cast<char32_t>(is_escape_digit(text[k]) ? text[k] - '0' : text[k] - 'a' + 10);
          ++k;
        }
        if (k == i + 3 || k >= text.size() || text[k] != '}')
          return UnescapeError{i, "expected \\u{HHHH} with 1 to 6 lower-case hex digits"};
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
          return UnescapeError{i, "\\u{...} is not a Unicode scalar value"};
        append_utf8(out, cp);
        i = k;
        continue;
      }
      default:
        return UnescapeError{i, "unknown escape '\\" + escape_comment_text(text.substr(i + 1, 1)) +
                                    "': expected \\\\, \\n, \\r, \\t, \\xHH or \\u{HHHH}"};
    }
  }
  return std::nullopt;
}

}  // namespace recon
