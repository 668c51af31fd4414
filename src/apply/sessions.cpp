#include "apply/sessions.hpp"

namespace recon::apply {
namespace {

constexpr long long kAbandonedAfterSeconds = 5;

// The columns of a Session, from pg_stat_activity `a`, for a pid in `pid_expr`.
std::string session_columns(const std::string& pid_expr) {
  const std::string utc = "AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')";
  return pid_expr +
         ", coalesce(a.application_name, ''), coalesce(a.usename::text, ''), "
         "coalesce(a.state, ''), coalesce(to_char(a.backend_start " +
         utc + ", coalesce(to_char(a.query_start " + utc +
         ", coalesce(a.query, ''), "
         "coalesce(extract(epoch FROM clock_timestamp() - a.state_change)::bigint, 0), "
         "EXISTS (SELECT 1 FROM pg_catalog.pg_locks w WHERE w.pid = " +
         pid_expr + " AND NOT w.granted)";
}

Session from_row(const pqxx::row& row) {
  Session s;
  s.pid = row[0].as<int>();
  s.application_name = row[1].as<std::string>();
  s.user = row[2].as<std::string>();
  s.state = row[3].as<std::string>();
  s.since = row[4].as<std::string>();
  s.query_start = row[5].as<std::string>();
  s.query = row[6].as<std::string>();
  s.state_seconds = row[7].as<long long>();
  s.waiting = row[8].as<bool>();
  return s;
}

std::string first_line(const std::string& text) {
  std::size_t start = text.find_first_not_of(" \t\n");
  if (start == std::string::npos) return "";
  std::string line = text.substr(start, text.find('\n', start) - start);
  constexpr std::size_t kMax = 200;
  if (line.size() > kMax) {
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xc0) == 0x80) --cut;
    line = line.substr(0, cut) + "...";
  }
  return line;
}

}  // namespace

std::string Session::describe() const {
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

std::string Session::activity() const {
  if (state.empty()) return "what it runs is not visible to this user";
  std::string out = waiting ? "waiting for a lock itself, " + state : state;
  const std::string line = first_line(query);
  const std::string started = query_start.empty() ? "" : " (started " + query_start + ")";
  if (state == "active") return out + (line.empty() ? "" : "; query" + started + ": " + line);
  if (state_seconds > 0) out += " for " + std::to_string(state_seconds) + " s";
  return out + (line.empty() ? "" : "; last query" + started + ": " + line);
}

bool Session::abandoned_recon() const {
  return application_name.starts_with("recon ") && state.starts_with("idle in transaction") &&
         state_seconds >= kAbandonedAfterSeconds;
}

std::optional<Session> session(pqxx::transaction_base& txn, int pid) {
  const auto rows = txn.exec_params(
      "SELECT " + session_columns("a.pid") + " FROM pg_catalog.pg_stat_activity a WHERE a.pid = $1",
      pid);
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

std::vector<Session> blocking_sessions(pqxx::transaction_base& txn, int pid) {
  std::vector<Session> out;
  for (const auto& row : txn.exec_params(
           "SELECT " + session_columns("b.pid") +
               " FROM (SELECT DISTINCT unnest(pg_catalog.pg_blocking_pids($1)) AS pid) b "
               "LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = b.pid ORDER BY b.pid",
           pid))
    out.push_back(from_row(row));
  return out;
}

std::string awaited_lock(pqxx::transaction_base& txn, int pid) {
  const auto rows = txn.exec_params(
      "SELECT l.mode, l.locktype, coalesce(l.relation::regclass::text, ''), "
      "coalesce(l.virtualxid, ''), coalesce(l.transactionid::text, '') "
      "FROM pg_catalog.pg_locks l WHERE l.pid = $1 AND NOT l.granted LIMIT 1",
      pid);
  if (rows.empty()) return "";
  const auto mode = rows[0][0].as<std::string>();
  const auto type = rows[0][1].as<std::string>();
  if (type == "relation") return mode + " on " + rows[0][2].as<std::string>();
  if (type == "virtualxid")
    return mode + " on virtual transaction " + rows[0][3].as<std::string>() +
           " (it waits for older transactions to end)";
  if (type == "transactionid")
    return mode + " on transaction " + rows[0][4].as<std::string>() +
           " (a row that transaction changed)";
  return mode + " (" + type + ")";
}

std::string describe_sessions(const std::vector<Session>& sessions) {
  std::string out;
  for (const auto& s : sessions) out += "\n  " + s.describe() + ": " + s.activity();
  return out;
}

}  // namespace recon::apply
