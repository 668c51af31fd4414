// Other sessions of the target database, as pg_stat_activity shows them: who holds the lock
// recon waits for, and whether a session that holds recon's lock was left behind by a recon
// that is gone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace recon::apply {

struct Session {
  int pid = 0;
  std::string application_name;  // "" when not visible (another user's session)
  std::string user;
  std::string state;            // "active", "idle in transaction", ... ("" when not visible)
  std::string since;            // when its backend started, ISO 8601 UTC, or ""
  std::string query_start;      // when its current or last query started, ISO 8601 UTC, or ""
  std::string query;            // its current or last query ("" when not visible)
  long long state_seconds = 0;  // how long it has been in `state`
  bool waiting = false;         // itself waiting for a lock (queued ahead of recon)

  // "pid 1234 (recon apply billing, user alice, connected since 2026-11-23T11:35:34Z)"
  std::string describe() const;
  // What it does: "idle in transaction for 12 s; last query (started 2026-12-05T10:00:01Z):
  // LOCK TABLE t IN ACCESS SHARE MODE" (the query's first line, at most 200 bytes).
  std::string activity() const;
  // A recon session (application_name "recon ...") idle in a transaction for a while: recon
  // never leaves a transaction idle, so its client is gone or stuck.
  bool abandoned_recon() const;
};

// The session `pid` (nullopt when it has gone).
std::optional<Session> session(pqxx::transaction_base& txn, int pid);

// The sessions that block `pid`'s lock request (pg_blocking_pids: holders of a conflicting
// lock, and sessions queued ahead of it for a conflicting one), by pid.
std::vector<Session> blocking_sessions(pqxx::transaction_base& txn, int pid);

// The lock `pid` waits for: "AccessExclusiveLock on relation faults.t", or "" when none.
std::string awaited_lock(pqxx::transaction_base& txn, int pid);

// One session a line, indented, with what it does: for messages that list blockers.
std::string describe_sessions(const std::vector<Session>& sessions);

}  // namespace recon::apply
