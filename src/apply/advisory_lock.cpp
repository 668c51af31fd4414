#include "apply/advisory_lock.hpp"

#include <thread>

#include "apply/duration.hpp"
#include "apply/errors.hpp"
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

std::string LockHolder::describe() const {
  std::string out = "pid " + std::to_string(pid);
  std::string details;
  const auto add = [&](const std::string& text) {
    details += (details.empty() ? "" : ", ") + text;
  };
  if (!application_name.empty()) add(application_name);
  if (!user.empty()) add("user " + user);
  if (!since.empty()) add("connected since " + since);
  if (!details.empty()) out += " (" + details + ")";
  return out;
}

std::optional<LockHolder> lock_holder(pqxx::connection& conn, const std::string& schema) {
  const auto key = static_cast<std::uint64_t>(lock_key(schema));
  pqxx::nontransaction txn(conn);
  // A bigint advisory key shows in pg_locks as classid (high half), objid (low half), objsubid 1.
  const auto rows = txn.exec_params(
      "SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), "
      "coalesce(to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
      "'') "
      "FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
      "current_database()) "
      "AND l.classid::bigint = $1 AND l.objid::bigint = $2 AND l.pid <> pg_backend_pid() "
      "LIMIT 1",
      static_cast<long long>(key >> 32), static_cast<long long>(key & 0xffffffffULL));
  if (rows.empty()) return std::nullopt;
  LockHolder holder;
  holder.pid = rows[0][0].as<int>();
  holder.application_name = rows[0][1].as<std::string>();
  holder.user = rows[0][2].as<std::string>();
  holder.since = rows[0][3].as<std::string>();
  return holder;
}

std::string AdvisoryLock::try_lock_sql(const std::string& schema) {
  return "SELECT pg_try_advisory_lock(" + std::to_string(lock_key(schema)) + ")";
}

AdvisoryLock::AdvisoryLock(pqxx::connection& conn, const std::string& schema,
                           std::chrono::milliseconds timeout,
                           const std::function<void(const std::optional<LockHolder>&)>& waiting)
    : conn_(&conn), key_(lock_key(schema)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
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
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      const auto holder = lock_holder(conn, schema);
      throw Refused("schema " + quote_ident(schema) + " is locked by " +
                    (holder ? holder->describe() : std::string("another session")) +
                    ", another recon apply most likely; it was still held after " +
                    format_duration(timeout) +
                    " (--lock-timeout): wait for it to finish, or raise --lock-timeout");
    }
    if (!announced) {
      announced = true;
      if (waiting) waiting(lock_holder(conn, schema));
    }
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(kRetryEvery, deadline - now));
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
