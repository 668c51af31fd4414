#pragma once

// Who owns a throwaway cluster's directory (owner.pid), and whether that owner is certainly gone.
//
// The stale sweep removes the directories of dead owners; it must never touch the cluster of a
// live process. A bare pid is not enough to tell: pids are reused, and a process in another pid
// namespace (a container sharing /tmp) has a pid that means nothing here. So the record holds the
// owner's pid, its start time, its pid namespace and the boot it ran in, and an owner counts as
// gone only when this process can prove it: another boot, or the same namespace and no process
// with that pid and start time. Anything unreadable or foreign counts as alive.
//
// File format (text, one field per line; the first line alone is the format of older versions):
//   <pid>
//   start <clock ticks since boot, field 22 of /proc/<pid>/stat>
//   pidns <the target of /proc/self/ns/pid>
//   boot <the contents of /proc/sys/kernel/random/boot_id>

#include <sys/types.h>
#include <filesystem>
#include <optional>
#include <string>

namespace recon::pg {

struct ClusterOwner {
  pid_t pid = -1;
  std::optional<unsigned long long> start_ticks;  // absent in older records
  std::string pid_namespace;                      // empty: unknown
  std::string boot_id;                            // empty: unknown
};

// This process, as an owner record.
[[nodiscard]] ClusterOwner current_owner();

// The record's text, and the record read back from a file (nullopt: missing, a symlink, or not a
// record: a directory being created right now has none yet).
[[nodiscard]] std::string format_owner(const ClusterOwner& owner);
[[nodiscard]] std::optional<ClusterOwner> read_owner(const std::filesystem::path& file);

// True only when `owner` is certainly not running any more (see above).
[[nodiscard]] bool owner_is_gone(const ClusterOwner& owner);

// The start time of a running process (field 22 of /proc/<pid>/stat), or nullopt.
[[nodiscard]] std::optional<unsigned long long> process_start_ticks(pid_t pid);

}  // namespace recon::pg
