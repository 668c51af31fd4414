#pragma once

// Files and scratch directories for tests.

#include <filesystem>
#include <string>
#include <string_view>

namespace recon::testing {

// The whole file, byte for byte ("" when it cannot be read).
std::string read_text(const std::filesystem::path& file);

// Writes `text` to `file`, creating its directories, replacing what was there.
void write_file(const std::filesystem::path& file, const std::string& text);

// A fresh directory under the system's temporary directory, removed with everything in it at
// the end of the test.
struct TempDir {
  explicit TempDir(std::string_view prefix = "recon-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `relative` under the directory.
  void write(const std::filesystem::path& relative, const std::string& text) const;

  std::filesystem::path path;
};

}  // namespace recon::testing
