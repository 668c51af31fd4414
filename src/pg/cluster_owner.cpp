#include "pg/cluster_owner.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <climits>
#include <csignal>
#include <fstream>
#include <sstream>

namespace recon::pg {

namespace fs = std::filesystem;

namespace {

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string own_pid_namespace() {
  std::error_code ec;
  auto target = fs::read_symlink("/proc/self/ns/pid", ec);
  return ec ? std::string() : target.string();
}

}  // namespace

std::optional<unsigned long long> process_start_ticks(pid_t pid) {
  const std::string line = first_line("/proc/" + std::to_string(pid) + "/stat");
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const auto close_paren = line.rfind(')');
  if (close_paren == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(close_paren + 1));
  std::string field;
  for (int i = 3; i < 22 && rest >> field; ++i) {
  }
  unsigned long long ticks = 0;
  if (!(rest >> ticks)) return std::nullopt;
  return ticks;
}

ClusterOwner current_owner() {
  ClusterOwner owner;
  owner.pid = getpid();
  owner.start_ticks = process_start_ticks(owner.pid);
  owner.pid_namespace = own_pid_namespace();
  owner.boot_id = first_line("/proc/sys/kernel/random/boot_id");
  return owner;
}

std::string format_owner(const ClusterOwner& owner) {
  std::string text = std::to_string(owner.pid) + "\n";
  if (owner.start_ticks) text += "start " + std::to_string(*owner.start_ticks) + "\n";
  if (!owner.pid_namespace.empty()) text += "pidns " + owner.pid_namespace + "\n";
  if (!owner.boot_id.empty()) text += "boot " + owner.boot_id + "\n";
  return text;
}

std::optional<ClusterOwner> read_owner(const fs::path& file) {
  struct stat st {};
  if (lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(file);
  long pid = 0;
  if (!(in >> pid) || pid <= 0 || pid > INT_MAX) return std::nullopt;
  ClusterOwner owner;
  owner.pid = static_cast<pid_t>(pid);
  std::string key;
  while (in >> key) {
    if (key == "start") {
      unsigned long long ticks = 0;
      if (in >> ticks) owner.start_ticks = ticks;
    } else if (key == "pidns") {
      in >> owner.pid_namespace;
    } else if (key == "boot") {
      in >> owner.boot_id;
    }
  }
  return owner;
}

bool owner_is_gone(const ClusterOwner& owner) {
  const ClusterOwner self = current_owner();
  // Another boot: every process of that boot is gone, whatever namespace it ran in.
  if (!owner.boot_id.empty() && !self.boot_id.empty() && owner.boot_id != self.boot_id) return true;
  // Another pid namespace (a container sharing this directory): its pids mean nothing here.
  if (!owner.pid_namespace.empty() && owner.pid_namespace != self.pid_namespace) return false;
  if (kill(owner.pid, 0) != 0) return errno == ESRCH;  // EPERM: someone's live process
  if (!owner.start_ticks) return false;  // an older record: the pid is alive, so the owner is
  const auto ticks = process_start_ticks(owner.pid);
  return ticks && *ticks != *owner.start_ticks;  // a pid reused by a later process
}

}  // namespace recon::pg
