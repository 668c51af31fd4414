// The desired catalog as Postgres itself prints it: the declaration is created in a scratch
// database on the dev server and introspected back, so that `int` and `integer`, `now()` and
// `CURRENT_TIMESTAMP`, unnamed and auto-named constraints compare the way Postgres sees them.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "pg/dev_server.hpp"
#include "plan/cache.hpp"

namespace recon::plan {

// Throws recon::InputError pointing at the declaration when Postgres rejects part of it.
Catalog normalize(const Catalog& declared, pg::DevServer& dev);

// What earlier plans normalized, reused (normalize_cache.cpp): only the tables whose
// declaration changed are created on the dev server, with stand-ins for the tables they
// reference. The cache file holds a digest of each declared object and names a snapshot (the
// state a revision reaches) as its base: an object's normalized form is the base's, unless
// listed apart. Falls back to normalizing everything whenever reuse could differ from it (a
// view involved, a name Postgres would choose differently, no usable cache).
class NormalizeCache {
 public:
  // Reads and writes .recon/normalized/<project>.json in `cache` (which it must not outlive).
  NormalizeCache(const Cache& cache, const std::string& project);

  // `known`, when given, is the snapshot `known_fingerprint` (spares reading it again).
  Catalog normalize(const Catalog& declared, pg::DevServer& dev, const Catalog* known = nullptr,
                    const std::string& known_fingerprint = {});

  const Cache& cache() const { return cache_; }
  // What went wrong in the last normalize() without changing its result (a recon bug).
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Remembers the last normalize() against `base`, kept as the snapshot `base_fingerprint`
  // (nothing when the cache is read-only).
  void save(const Catalog& normalized, const Catalog& base,
            const std::string& base_fingerprint) const;

 private:
  const Cache& cache_;
  std::filesystem::path file_;
  std::string context_;
  std::map<std::string, std::string> digests_;  // "table NAME" / "view NAME" -> digest
  std::vector<std::string> warnings_;
};

// Source locations and rename hints of `declared` carried over to its normalized form.
void copy_hints(const Catalog& declared, Catalog& normalized);

}  // namespace recon::plan
