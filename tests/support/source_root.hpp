#pragma once

// The repository's root, for tests that use its files (schemas/): the recon binary
// (RECON_BINARY) is in the build directory, which __FILE__ is relative to (or __FILE__ is
// absolute).
#include <filesystem>

#include "support/apply_fixture.hpp"

namespace recon::testing {

inline std::filesystem::path source_root() {
  return std::filesystem::weakly_canonical(std::filesystem::path(recon_binary()).parent_path() /
                                           __FILE__)
      .parent_path()
      .parent_path()
      .parent_path();
}

}  // namespace recon::testing
