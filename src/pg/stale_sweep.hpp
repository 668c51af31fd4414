#pragma once

// The stale-directory sweep: a recon process killed with SIGKILL leaves its cluster's directory
// (recon-pg-XXXXXX) behind, and maybe a postmaster that its parent-death signal did not stop.
// The next Cluster::start removes them, never touching the cluster of a live process
// (cluster_owner.hpp says how an owner is proven gone).

#include <cstddef>
#include <filesystem>
#include <string>

namespace recon::pg {

// The name of every cluster directory: this prefix, then mkdtemp's six letters and digits.
inline constexpr const char* kClusterDirPrefix = "recon-pg-";

// True for the names mkdtemp makes from kClusterDirPrefix + "XXXXXX".
[[nodiscard]] bool is_cluster_dir_name(const std::string& name);

// Removes recon-pg-* directories under `temp_root` whose owner process is gone (stopping any
// postmaster still running there first). Returns how many were removed. Cluster::start calls it.
std::size_t sweep_stale_clusters(const std::filesystem::path& temp_root);

}  // namespace recon::pg
