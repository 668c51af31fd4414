// One recon at a time per schema: a session-level advisory lock whose key is derived from the
// schema's name, held on the applying connection for the whole run.
//
// The lock is taken with pg_try_advisory_lock in a retry loop, never with a blocking
// pg_advisory_lock: a backend blocked in pg_advisory_lock holds a snapshot, and CREATE INDEX
// CONCURRENTLY run by the lock's holder waits for every such snapshot to go away, so the two
// would wait for each other forever. There is no lock row either: a killed recon must not
// leave a lock behind (the server releases session locks when the connection goes).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "apply/sessions.hpp"

namespace recon::apply {

// The lock's key: the first 8 bytes of sha256("recon:" + schema), as a signed 64-bit integer.
// Computed by recon rather than by the server so that it does not depend on the server's
// version (hashtext is an internal function).
std::int64_t lock_key(const std::string& schema);

// The session holding the lock on `schema`, other than `conn`'s own.
std::optional<Session> lock_holder(pqxx::connection& conn, const std::string& schema);

class AdvisoryLock {
 public:
  // Takes the lock on `schema` on `conn` (which must have no open transaction), retrying every
  // 150 ms until `timeout` has passed (a timeout past a year: until the lock is free); `waiting` is
  // called once, with the holder, when the lock is not free at the first try. Throws apply::Refused
  // naming the holder and what it does on timeout; when the holder is a recon session left behind
  // by a client that is gone, the message says so and how to end it. Stops waiting when a stop is
  // requested (throws apply::Interrupted).
  AdvisoryLock(pqxx::connection& conn, const std::string& schema, std::chrono::milliseconds timeout,
               const std::function<void(const std::optional<Session>&)>& waiting = {});
  ~AdvisoryLock();  // release(); never throws
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

  // Releases the lock (no-op when released already or the connection is gone).
  void release() noexcept;

  // The statement that tries to take the lock (for --dry-run's listing).
  static std::string try_lock_sql(const std::string& schema);

 private:
  pqxx::connection* conn_;
  std::int64_t key_;
  bool held_ = false;
};

}  // namespace recon::apply
