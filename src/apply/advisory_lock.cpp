#include "apply/advisory_lock.hpp"

#include "apply/duration.hpp"
#include "apply/errors.hpp"
#include "apply/interrupt.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"

namespace recon::apply {
namespace {

constexpr std::chrono::milliseconds kRetryEvery{150};

}  // namespace

std::int64_t lock_key(const std::string& schema) {
  const std::string hex = sha256_hex("recon:" + schema);
  const auto bits = std::stoull(hex.substr(0, 16), nullptr, 16);
  return static_cast<std::int64_t>(bits);
}

std::optional<Session> lock_holder(pqxx::connection& conn, const std::string& schema) {
  const auto key = static_cast<std::uint64_t>(lock_key(schema));
  pqxx::nontransaction txn(conn);
  // A bigint advisory key shows in pg_locks as classid (high half), objid (low half), objsubid 1.
  const auto rows = txn.exec_params(
      "SELECT l.pid FROM pg_catalog.pg_locks l "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
      "current_database()) "
      "AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.pid <> pg_backend_pid() "
      "LIMIT 1",
      static_cast<long long>(key >> 32), static_cast<long long>(key & 0xffffffffULL));
  if (rows.empty()) return std::nullopt;
  const int pid = rows[0][0].as<int>();
  if (auto found = session(txn, pid)) return found;
  Session gone;  // it ended since: the lock is about to be free
  gone.pid = pid;
  return gone;
}

namespace {

std::string held_too_long(const std::string& schema, const std::optional<Session>& holder,
                          std::chrono::milliseconds timeout) {
  std::string out = "schema " + quote_ident(schema) + " is locked by " +
                    (holder ? holder->describe() : std::string("another session"));
  const bool recon = holder && holder->application_name.starts_with("recon ");
  out += recon ? ", another recon apply" : ", another recon apply most likely";
  out += "; it was still held after " + format_duration(timeout) + " (--lock-timeout).";
  if (holder) out += "\nThat session: " + holder->activity() + ".";
  if (holder && holder->abandoned_recon())
    out +=
        "\nIts client looks gone: recon never leaves a transaction idle. End that session "
        "with SELECT pg_terminate_backend(" +
        std::to_string(holder->pid) + "); then run recon apply again.";
  else if (recon)
    out +=
        "\nWait for it to finish, or raise --lock-timeout. If no recon apply runs for this "
        "schema any more (one was killed and its session is left over), end that session "
        "with SELECT pg_terminate_backend(" +
        std::to_string(holder->pid) + ").";
  else
    out += "\nWait for it to finish, or raise --lock-timeout.";
  return out;
}

}  // namespace

std::string AdvisoryLock::try_lock_sql(const std::string& schema) {
  return "SELECT pg_try_advisory_lock(" + std::to_string(lock_key(schema)) + ")";
}

AdvisoryLock::AdvisoryLock(pqxx::connection& conn, const std::string& schema,
                           std::chrono::milliseconds timeout,
                           const std::function<void(const std::optional<Session>&)>& waiting)
    : conn_(&conn), key_(lock_key(schema)) {
  // A timeout past a year is no limit (and would overflow the clock).
  const bool forever = timeout >= std::chrono::hours(24 * 366);
  const auto deadline =
      std::chrono::steady_clock::now() + (forever ? std::chrono::hours(0) : timeout);
  const std::string sql = try_lock_sql(schema);
  bool announced = false;
  while (true) {
    {
      pqxx::nontransaction txn(conn);
      if (txn.exec(sql)[0][0].as<bool>()) {
        held_ = true;
        return;
      }
    }
    if (stop_requested())
      throw Interrupted(stop_signal(), "interrupted while waiting for the lock on schema " +
                                           quote_ident(schema) + ": nothing was changed.");
    const auto now = std::chrono::steady_clock::now();
    if (!forever && now >= deadline)
      throw Refused(held_too_long(schema, lock_holder(conn, schema), timeout));
    if (!announced) {
      announced = true;
      if (waiting) waiting(lock_holder(conn, schema));
    }
    sleep_unless_stopped(
        forever ? kRetryEvery
                : std::min(kRetryEvery,
                           std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
                               std::chrono::milliseconds(1)));
  }
}

AdvisoryLock::~AdvisoryLock() {
  release();
}

void AdvisoryLock::release() noexcept {
  if (!held_) return;
  held_ = false;
  try {
    pqxx::nontransaction txn(*conn_);
    txn.exec("SELECT pg_advisory_unlock(" + std::to_string(key_) + ")");
  } catch (...) {
    // The connection is gone or busy: the server releases session locks when it closes.
  }
}

}  // namespace recon::apply
