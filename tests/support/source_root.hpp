#pragma once

// The repository's root, for tests that use its files (schemas/, tests/): found from the test
// executable (<build>/tests/), not from the working directory, so that a test runs the same
// from anywhere. meson compiles with paths relative to the build directory, so __FILE__ is
// relative to it (or absolute, which the join keeps).
#include <unistd.h>

#include <filesystem>

namespace recon::testing {

inline std::filesystem::path source_root() {
  namespace fs = std::filesystem;
  const fs::path build_dir = fs::read_symlink("/proc/self/exe").parent_path().parent_path();
  return fs::weakly_canonical(build_dir / __FILE__).parent_path().parent_path().parent_path();
}

}  // namespace recon::testing
