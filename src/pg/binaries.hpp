#pragma once

// Finding the PostgreSQL server programs (`postgres` and `initdb`) to start a cluster with.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace recon::pg {

// The directory holding `postgres` and `initdb`: $RECON_PG_BINDIR when set (the user's explicit
// choice always wins), else the first of `candidates` that holds both, else (no candidates)
// `pg_config --bindir`, then the newest /usr/lib/postgresql/*/bin. Throws ClusterError, saying
// what was searched and how to fix it, if there is none.
[[nodiscard]] std::filesystem::path find_bindir(
    const std::vector<std::filesystem::path>& candidates = {});

// A version directory's name as numbers: "15" -> {15}, "9.6" -> {9, 6}; nullopt if it is not a
// version number.
[[nodiscard]] std::optional<std::vector<int>> parse_version_name(const std::string& name);

}  // namespace recon::pg
