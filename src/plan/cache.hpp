// The workspace's local cache, .recon/: the snapshots of the states revisions reach and what
// earlier plans normalized (snapshot.hpp, NormalizeCache in normalize.hpp). Only a shortcut:
// every entry is checked before use, and deleting .recon/ only makes the next plan slower.
//
// Commands that must leave the workspace as they found it (plan --check, status, graph) read
// it and never write: a read-only Cache does not create .recon/, does not save, and does not
// remove entries it finds stale. Entries are keyed by the cache format and the build
// (cache_key()), so that code that changed since an entry was written never reads it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace recon::plan {

// Bumped by hand when the form of an entry changes; the build id covers any change of code.
inline constexpr int cache_format = 2;

// "format <cache_format> build <RECON_BUILD_ID>": RECON_BUILD_ID is a digest of the sources,
// made at build time (scripts/build_id.py).
std::string cache_key();

class Cache {
 public:
  enum class Access { read_only, writable };

  // `key`: the entries this cache reads and writes; another build's are misses.
  Cache(std::filesystem::path root, Access access, std::string key = cache_key());

  const std::filesystem::path& root() const { return root_; }
  bool writable() const { return access_ == Access::writable; }
  const std::string& key() const { return key_; }

  // The content of .recon/<relative> (its first `limit` bytes), when there is such a file.
  std::optional<std::string> read(const std::filesystem::path& relative,
                                  std::size_t limit = std::string::npos) const;
  // Writes .recon/<relative> through a temporary file and a rename, so that a reader (or a
  // concurrent recon) sees the old content or the new, never half of it; creates .recon/ with
  // a .gitignore first. Best effort: a cache that cannot be written only makes the next plan
  // slower. Nothing when read-only.
  void write(const std::filesystem::path& relative, const std::string& text) const;
  // Removes .recon/<relative> (a stale entry). Nothing when read-only.
  void remove(const std::filesystem::path& relative) const;

 private:
  std::filesystem::path dir() const { return root_ / ".recon"; }

  std::filesystem::path root_;
  Access access_;
  std::string key_;
};

}  // namespace recon::plan
