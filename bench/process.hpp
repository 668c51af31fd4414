// Running a tool for the benchmark: fork/exec, wall time, the child's peak RSS (wait4), a
// timeout that kills the child's whole process group.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace recon::bench {

struct Run {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;   // -1: killed by a signal (or not started)
  double seconds = 0;   // wall time
  double peak_mib = 0;  // ru_maxrss of the child and the descendants it waited for
  bool ok() const { return started && !timed_out && exit_code == 0; }
};

struct RunOptions {
  std::filesystem::path stdout_file;       // empty: /dev/null
  std::filesystem::path stderr_file;       // empty: /dev/null
  std::filesystem::path stdin_file;        // empty: /dev/null
  std::filesystem::path cwd;               // empty: the current directory
  double timeout_seconds = 0;              // 0: none
  std::map<std::string, std::string> env;  // added to (or replacing in) the environment
};

Run run(const std::vector<std::string>& argv, const RunOptions& options = {});

// The first `max_chars` characters of a file (for error messages).
std::string head_of(const std::filesystem::path& file, std::size_t max_chars = 300);
std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, const std::string& text);

}  // namespace recon::bench
