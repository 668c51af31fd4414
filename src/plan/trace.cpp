#include "plan/trace.hpp"

#include <fmt/format.h>
#include <chrono>
#include <cstdlib>

namespace recon::plan {
namespace {

// Counted from the start of the process, so that reading declarations shows too.
const auto process_start = std::chrono::steady_clock::now();

}  // namespace

void trace(const std::string& what) {
  static const bool on = [] {
    const char* value = std::getenv("RECON_TRACE");
    return value && *value && std::string(value) != "0";
  }();
  if (!on) return;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - process_start)
                      .count();
  fmt::print(stderr, "recon trace {:>6} ms: {}\n", ms, what);
}

}  // namespace recon::plan
