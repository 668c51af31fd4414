// libFuzzer target for the revision file parser and checksum verifier (docs/fuzzing.md).
//
// Any input may be rejected with recon::InputError; anything else thrown, a crash, a hang or a
// sanitizer report is a bug. A revision that parses must render again, and the rendering must
// parse back to an equal revision.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  recon::fuzz::check_revision(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
