// Snapshots: the catalog a revision reaches, kept in the workspace's local cache
// (.recon/snapshots/<fingerprint>.snapshot: a line naming the cache key, then the byte form of
// snapshot_codec.hpp) so that planning the next revision starts from it instead of replaying
// every revision on the dev database. Content-addressed by the revision's target fingerprint
// and checked against it on every read: a snapshot that was edited, truncated or written by
// another build of recon is a miss, never a wrong answer.
#pragma once

#include <filesystem>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "plan/cache.hpp"

namespace recon::plan {

// The whole catalog (canonical fields and the ones planning needs besides: view
// dependencies, ignored relations...), without source locations and rename hints.
nlohmann::json catalog_to_json(const Catalog& catalog);
// Throws nlohmann::json::exception on malformed input.
Catalog catalog_from_json(const nlohmann::json& j);

// The catalog whose fingerprint is `fingerprint`, when `cache` holds a valid snapshot of it
// written by this build (one that does not verify is removed when the cache is writable).
std::optional<Catalog> load_snapshot(const Cache& cache, const std::string& fingerprint);

// Best effort: a cache that cannot be written only makes the next plan slower.
void save_snapshot(const Cache& cache, const Catalog& catalog, const std::string& fingerprint);

// The snapshots of the states the projects' last revisions reach, read on a thread from
// construction on (while the declarations are read). Only a hint: the planner takes the one
// whose fingerprint the verified chain ends with, and reads it itself when there is none.
class SnapshotPrefetch {
 public:
  // `projects`: their directories under plans/; empty: every directory there.
  SnapshotPrefetch(const Cache& cache, std::vector<std::string> projects);
  // The catalog read ahead for `fingerprint`, once; waits for the reading to end.
  std::optional<Catalog> take(const std::string& fingerprint);

 private:
  std::future<std::map<std::string, Catalog>> reading_;
  std::map<std::string, Catalog> read_;
};

}  // namespace recon::plan
