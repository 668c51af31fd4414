// The apply stage's entry point: bring one project's schema to its latest revision (or --to N).
//
// Before anything runs, under a per-schema advisory lock, recon checks that
//   - the revision files verify (read_chain: unedited, numbered without gaps, chained);
//   - every revision the version table records is still there, unedited (checksum);
//   - the next revision's parent is the last one applied;
//   - no pending revision has a hazard the user did not allow (data-loss by default);
//   - the live schema's fingerprint is the one the next revision was planned from;
// and refuses (apply::Refused, nothing changed) otherwise. Then each pending revision runs in
// its own transaction (see executor.hpp), in order, stopping at the first failure.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "apply/progress.hpp"
#include "apply/simulate.hpp"
#include "apply/workspace.hpp"

namespace recon::apply {

struct Options {
  std::optional<int> to;                  // the revision to stop at (default: the last)
  std::optional<int> baseline;            // record 1..N as applied without running them
  std::set<std::string> allowed_hazards;  // hazard kinds, or "all"
  // How long to wait for another recon's lock on the schema; also the session's lock_timeout,
  // which bounds each wait of a step for its locks (0: no limit). Unset: the project's
  // setting, else kDefaultLockTimeout.
  std::optional<std::chrono::milliseconds> lock_timeout;
  // How long to wait for another recon's lock on the schema, when set (--wait-lock): for
  // replicas that all apply on start-up, where the first may take longer than a lock_timeout.
  // kWaitForever waits until the lock is free (or a signal stops recon). The steps' own lock
  // waits keep lock_timeout.
  std::optional<std::chrono::milliseconds> wait_lock;
  // How many times a step (its whole transaction) whose lock wait timed out runs again, after
  // 1 s, 2 s, 4 s... Unset: the project's setting, else kDefaultLockRetries.
  std::optional<int> lock_retries;
  std::optional<std::chrono::milliseconds> statement_timeout;  // none by default
  bool dry_run = false;  // print the SQL that would run; change nothing
  // Where drift is explained (the expected state rebuilt): --dev-url, else an embedded cluster
  // started only when there is drift to explain.
  std::optional<std::string> dev_url;
  bool explain_drift = true;  // false: name no objects (many tenants, no dev server each)
  // --dry-run of several projects: those this run would apply before this one, and the
  // revision each would reach. A foreign key into their schemas is checked against that state
  // (simulate.hpp), not against the live one their pending revisions have not changed yet.
  std::vector<EarlierProject> dry_run_earlier;
};

inline constexpr std::chrono::milliseconds kDefaultLockTimeout{5'000};
inline constexpr int kDefaultLockRetries = 4;
inline constexpr std::chrono::milliseconds kWaitForever = std::chrono::milliseconds::max();

struct Result {
  int before = 0;            // the last revision applied before this run (0: none)
  std::vector<int> applied;  // revisions applied (recorded, with --baseline; would be, dry run)
  std::string script;        // --dry-run: the SQL, in order
};

// Applies `project` on the database at `url`. Throws apply::Refused when a check fails
// (nothing changed), apply::Failed when a revision fails (it was rolled back; revisions before
// it stay applied), recon::InputError for an impossible request (--to beyond the last
// revision...), pqxx errors for connection problems. Messages may contain the URL: callers
// redact them (pg::redact_in).
Result apply_project(const std::string& url, const Project& project, const Options& options,
                     Progress& progress);

// The session settings apply sends first: application_name, lock_timeout, statement_timeout,
// and on PostgreSQL 14 and later (`server_version` as PQserverVersion gives it)
// client_connection_check_interval, so that the server ends recon's statement within a second
// when recon is killed (else it would run to its end, holding its locks and recon's).
std::vector<std::string> session_settings_sql(const Project& project, const Options& options,
                                              int server_version);

}  // namespace recon::apply
