#include "pg/stale_sweep.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <fstream>
#include <optional>
#include <thread>
#include <vector>

#include "pg/cluster_owner.hpp"

namespace recon::pg {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A process not our child: alive unless gone or a zombie.
bool process_alive(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto close_paren = line.rfind(')');
  return !(close_paren != std::string::npos && close_paren + 2 < line.size() &&
           line[close_paren + 2] == 'Z');
}

std::optional<pid_t> read_pid_file_line(const fs::path& file) {
  struct stat st {};
  if (lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(file);
  long value = 0;
  if (!(in >> value) || value <= 0 || value > INT_MAX) return std::nullopt;
  return static_cast<pid_t>(value);
}

// SIGQUIT, then SIGKILL if it is still there after ~5 s.
void stop_process(pid_t pid) {
  kill(pid, SIGQUIT);
  for (int i = 0; i < 500 && process_alive(pid); ++i) std::this_thread::sleep_for(10ms);
  if (process_alive(pid)) {
    kill(pid, SIGKILL);
    for (int i = 0; i < 200 && process_alive(pid); ++i) std::this_thread::sleep_for(10ms);
  }
}

// Stops a postmaster left running in `data_dir` by a dead recon process. Only signals a process
// whose working directory is that data directory (postgres chdirs there), so that a recycled pid
// is never hit.
void stop_orphan_postmaster(const fs::path& data_dir) {
  auto pid = read_pid_file_line(data_dir / "postmaster.pid");
  if (!pid) return;
  std::error_code ec;
  fs::path cwd = fs::read_symlink("/proc/" + std::to_string(*pid) + "/cwd", ec);
  if (ec) return;
  fs::path canonical = fs::weakly_canonical(data_dir, ec);
  if (ec || cwd != canonical) return;
  stop_process(*pid);
}

bool is_stale(const fs::path& dir) {
  if (!is_cluster_dir_name(dir.filename().string())) return false;
  struct stat st {};
  if (lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
  auto owner = read_owner(dir / "owner.pid");
  return owner && owner->pid != getpid() && owner_is_gone(*owner);
}

}  // namespace

bool is_cluster_dir_name(const std::string& name) {
  const std::size_t prefix = std::strlen(kClusterDirPrefix);
  if (name.size() != prefix + 6 || name.compare(0, prefix, kClusterDirPrefix) != 0) return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

std::size_t sweep_stale_clusters(const fs::path& temp_root) {
  std::vector<fs::path> stale;
  std::error_code ec;
  for (fs::directory_iterator it(temp_root, ec), end; !ec && it != end; it.increment(ec)) {
    if (is_stale(it->path())) stale.push_back(it->path());
  }
  std::size_t removed = 0;
  for (const auto& dir : stale) {
    stop_orphan_postmaster(dir / "data");
    std::error_code rm_ec;
    fs::remove_all(dir, rm_ec);
    if (!rm_ec) ++removed;
  }
  return removed;
}

}  // namespace recon::pg
