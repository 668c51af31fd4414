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

struct Normalized {
  Catalog catalog;
  // The Catalog::routines key Postgres gave each declared routine, by its declared key.
  std::map<std::string, std::string> signatures;
};
// normalize(), and how the declared routines are known once normalized. Without
// `check_function_bodies`, routines whose bodies read tables are created without them (only
// the routines' own normalized forms then lack what they were found to need).
Normalized normalize_declaration(const Catalog& declared, pg::DevServer& dev,
                                 bool check_function_bodies = true);

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
  // "table NAME", "view NAME", "routine KEY", "aggregate NAME" -> digest
  std::map<std::string, std::string> digests_;
  std::map<std::string, std::string> signatures_;  // as Normalized::signatures
  std::vector<std::string> warnings_;
};

// Source locations and rename hints of `declared` carried over to its normalized form.
void copy_hints(const Catalog& declared, Catalog& normalized);
// The declared grants and default privileges, on the objects as normalized (a function by its
// signature), with the grants the default privileges promise.
void attach_privileges(const Catalog& declared,
                       const std::map<std::string, std::string>& signatures, Catalog& normalized);
// A routine's hints: its source location and, for an SQL-standard body, the text as written.
void copy_routine_hints(const Routine& written, Routine& normalized);

}  // namespace recon::plan
