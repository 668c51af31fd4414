#include "apply/duration.hpp"

#include <limits>
#include <stdexcept>

namespace recon::apply {

std::chrono::milliseconds parse_duration(std::string_view text) {
  const auto invalid = [&] {
    return std::invalid_argument(
        "invalid duration '" + std::string(text) +
        "': expected a whole number and a unit, like 500ms, 10s, 2m or 1h");
  };
  std::size_t i = 0;
  long long value = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (value > std::numeric_limits<int>::max()) throw invalid();
    value = value * 10 + (text[i] - '0');
    ++i;
  }
  if (i == 0) throw invalid();
  const std::string_view unit = text.substr(i);
  long long factor = 0;
  if (unit == "ms") {
    factor = 1;
  } else if (unit == "s") {
    factor = 1000;
  } else if (unit == "m" || unit == "min") {
    factor = 60 * 1000;
  } else if (unit == "h") {
    factor = 60 * 60 * 1000;
  } else if (unit.empty() && value == 0) {
    factor = 1;
  } else {
    throw invalid();
  }
  return std::chrono::milliseconds(value * factor);
}

std::string format_duration(std::chrono::milliseconds duration) {
  const long long ms = duration.count();
  if (ms == 0) return "0s";
  if (ms % (60 * 60 * 1000) == 0) return std::to_string(ms / (60 * 60 * 1000)) + "h";
  if (ms % (60 * 1000) == 0) return std::to_string(ms / (60 * 1000)) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace recon::apply
