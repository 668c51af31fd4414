#pragma once
// A data directory fresh from initdb, kept so that the next throwaway cluster copies it instead
// of running initdb again: every `recon plan` without --dev-url starts a cluster, initdb takes
// well over a second of it, a copy about a third of that. Best effort throughout: any problem
// with the cache means initdb runs as before.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace recon::pg {

// $RECON_INITDB_CACHE ("off": none), else $XDG_CACHE_HOME/recon/initdb, else
// $HOME/.cache/recon/initdb; empty when there is none.
std::filesystem::path default_initdb_cache();

// Names what initdb would make: the server binaries (path, size and time of `postgres`) and
// initdb's arguments other than the data directory.
std::string initdb_key(const std::filesystem::path& bindir, const std::vector<std::string>& args);

struct Owner {
  uid_t uid;
  gid_t gid;
};

// Copies the kept data directory for `key` to `data_dir` (which must not exist), owned by
// `owner` when given. False, with nothing left at data_dir, when there is none or the copy fails.
bool restore_initialized(const std::filesystem::path& cache, const std::string& key,
                         const std::filesystem::path& data_dir, std::optional<Owner> owner);

// Keeps a copy of `data_dir` (fresh from initdb, server never started) for `key`. Written under
// a temporary name and renamed, so that a concurrent restore sees all of it or nothing.
void keep_initialized(const std::filesystem::path& cache, const std::string& key,
                      const std::filesystem::path& data_dir);

// Removes the kept copy for `key` (it did not start).
void forget_initialized(const std::filesystem::path& cache, const std::string& key);

}  // namespace recon::pg
