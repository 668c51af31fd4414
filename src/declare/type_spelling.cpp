#include "declare/type_spelling.hpp"

#include <array>
#include <utility>

#include "declare/fields.hpp"

namespace recon::declare {
namespace {

struct Spelling {
  std::string_view head;  // the printed name before any "(n)"
  std::string_view tail;  // what follows the "(n)", if anything
  std::string_view written;
};

// Postgres prints a precision between the name and "with/without time zone".
constexpr std::array<Spelling, 7> kSpellings = {{
    {"character varying", "", "varchar"},
    {"character", "", "char"},
    {"bit varying", "", "varbit"},
    {"timestamp", " with time zone", "timestamptz"},
    {"timestamp", " without time zone", "timestamp"},
    {"time", " with time zone", "timetz"},
    {"time", " without time zone", "time"},
}};

// "(...)" at the start of `text`, or "" when there is none.
std::string_view modifier(std::string_view text) {
  if (!text.starts_with('(')) return {};
  const auto close = text.find(')');
  return close == std::string_view::npos ? std::string_view{} : text.substr(0, close + 1);
}

// The written form when `text` is `s` (modifier, then array brackets only), else "".
std::string rewrite(std::string_view text, const Spelling& s) {
  if (!text.starts_with(s.head)) return {};
  std::string_view rest = text.substr(s.head.size());
  const std::string_view mod = modifier(rest);
  rest.remove_prefix(mod.size());
  if (!rest.starts_with(s.tail)) return {};
  rest.remove_prefix(s.tail.size());
  for (std::string_view r = rest; !r.empty(); r.remove_prefix(2))
    if (!r.starts_with("[]")) return {};
  return std::string(s.written) + std::string(mod) + std::string(rest);
}

}  // namespace

std::string written_type(const std::string& printed) {
  for (const auto& s : kSpellings) {
    std::string written = rewrite(printed, s);
    if (!written.empty()) return written;
  }
  return printed;
}

bool is_serial_type(std::string_view type) {
  const std::string keyword = normalize_keyword(type);
  for (std::string_view serial :
       {"smallserial", "serial", "bigserial", "serial2", "serial4", "serial8"})
    if (keyword == serial) return true;
  return false;
}

}  // namespace recon::declare
