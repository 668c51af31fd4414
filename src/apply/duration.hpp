// Durations on the command line: "10s", "500ms", "2m", "1h" (--lock-timeout, --statement-timeout).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace recon::apply {

// A whole number followed by a unit: ms, s, m or h ("0" alone is accepted: no wait). Throws
// std::invalid_argument, saying what is expected, for anything else.
std::chrono::milliseconds parse_duration(std::string_view text);

// The shortest exact spelling: "10s", "500ms", "2m".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace recon::apply
