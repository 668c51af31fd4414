// recon-bench-online: the benchmark of issue 19. On a throwaway PostgreSQL cluster, a table of a
// few million rows gets an index, a foreign key, a check, a NOT NULL and a unique constraint in
// one revision, applied by recon while a client writes to the table without pause; the client's
// longest stall and its failed transactions are reported for the online forms (the default) and
// for the same revision planned with --online=false. Not a timed test: run it by hand
// (`bash scripts/bench online`) and put the numbers in docs/performance.md.
//
// Environment: BENCH_ONLINE_ROWS (2000000), BENCH_ONLINE_CLIENTS (2 writing sessions),
// BENCH_ONLINE_TIMEOUT (900 s per apply), BENCH_RECON (build-bench/recon),
// BENCH_OUT (bench/results/online.md).
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "pg/cluster.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using namespace recon::bench;
using Clock = std::chrono::steady_clock;

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

void log(const std::string& text) {
  std::cerr << "[bench-online] " << text << std::endl;
}

const char* kBefore = R"toml(schema = "live"
[tables.accounts]
primary_key = ["id"]
[[tables.accounts.columns]]
name = "id"
type = "int"
[[tables.accounts.columns]]
name = "name"
type = "text"

[tables.events]
primary_key = ["id"]
[[tables.events.columns]]
name = "id"
type = "bigint"
identity = "by default"
[[tables.events.columns]]
name = "account_id"
type = "int"
[[tables.events.columns]]
name = "amount"
type = "int"
[[tables.events.columns]]
name = "code"
type = "text"
)toml";

// The revision under test: an index, a foreign key, a check, a NOT NULL and a unique constraint
// on `events` (the last column of kBefore, `code`, becomes NOT NULL).
const std::string kAfter = std::string(kBefore) + R"toml(nullable = false
[[tables.events.indexes]]
name = "events_account_idx"
columns = ["account_id"]
[[tables.events.foreign_keys]]
name = "events_account_fk"
columns = ["account_id"]
references = { table = "accounts" }
[[tables.events.checks]]
name = "events_amount_check"
expression = "amount >= 0"
[[tables.events.unique]]
name = "events_code_key"
columns = ["code"]
)toml";

// What the writing client saw while recon applied.
struct ClientReport {
  long transactions = 0;
  long failed = 0;
  double longest_stall = 0;  // seconds: the slowest transaction (or failed attempt)
  std::vector<double> latencies;
};

// Sessions inserting one row per transaction (valid under every constraint of the revision)
// until `stop`; each transaction's wall time is its stall.
class Client {
 public:
  Client(std::string url, int sessions, long first_code) : url_(std::move(url)) {
    for (int i = 0; i < sessions; ++i)
      threads_.emplace_back([this, i, first_code] { run(first_code + i * 100'000'000L); });
  }
  ClientReport stop() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    std::sort(report_.latencies.begin(), report_.latencies.end());
    return report_;
  }

 private:
  void run(long code) {
    std::unique_ptr<pqxx::connection> conn;
    while (!stop_) {
      const auto start = Clock::now();
      bool ok = true;
      try {
        if (!conn) conn = std::make_unique<pqxx::connection>(url_);
        pqxx::work txn(*conn);
        txn.exec_params("INSERT INTO live.events (account_id, amount, code) VALUES ($1, $2, $3)",
                        1 + code % 1000, code % 100, "w" + std::to_string(code));
        txn.commit();
        ++code;
      } catch (const pqxx::broken_connection&) {
        ok = false;
        conn.reset();
      } catch (const std::exception&) {
        ok = false;
      }
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      std::lock_guard<std::mutex> lock(mutex_);
      ++report_.transactions;
      if (!ok) ++report_.failed;
      report_.longest_stall = std::max(report_.longest_stall, seconds);
      report_.latencies.push_back(seconds);
    }
  }

  std::string url_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  ClientReport report_;
  std::vector<std::thread> threads_;
};

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()))];
}

struct Settings {
  long rows = 2'000'000;
  int clients = 2;
  double timeout = 900;
  fs::path recon, out, work;
};

struct Outcome {
  std::string form;
  Run apply;
  ClientReport client;
  int steps = 0;
  int alone = 0;
};

Run recon(const Settings& s, const fs::path& root, std::vector<std::string> args,
          const std::string& tag) {
  args.insert(args.begin(), {s.recon.string(), "--root", root.string(), "--no-color"});
  RunOptions options;
  options.stdout_file = s.work / (tag + ".out");
  options.stderr_file = s.work / (tag + ".err");
  options.timeout_seconds = s.timeout;
  const Run r = run(args, options);
  if (!r.ok())
    throw std::runtime_error("recon " + tag + " failed: " + head_of(options.stderr_file, 2000));
  return r;
}

// One workspace per form: revision 1 (the tables), revision 2 planned online or not.
fs::path workspace(const Settings& s, const std::string& dev_url, bool online) {
  const fs::path root = s.work / (online ? "online" : "blocking");
  fs::remove_all(root);
  fs::create_directories(root / "schemas");
  write_file(root / "schemas" / "live.toml", kBefore);
  recon(s, root, {"--dev-url", dev_url, "plan"}, "plan1");
  write_file(root / "schemas" / "live.toml", kAfter);
  recon(s, root,
        {"--dev-url", dev_url, "plan", std::string("--online=") + (online ? "true" : "false")},
        "plan2");
  return root;
}

Outcome measure(const Settings& s, recon::pg::Cluster& cluster, bool online) {
  const std::string form = online ? "online (default)" : "blocking (--online=false)";
  const std::string db = online ? "online" : "blocking";
  {
    pqxx::connection admin(cluster.url());
    pqxx::nontransaction(admin).exec("CREATE DATABASE " + db);
  }
  const std::string url = cluster.url(db);
  const fs::path root = workspace(s, cluster.url(), online);
  recon(s, root, {"--db", url, "apply", "--to", "1"}, db + "-apply1");
  log(fmt::format("{}: loading {} rows", form, s.rows));
  {
    pqxx::connection conn(url);
    pqxx::nontransaction txn(conn);
    txn.exec("INSERT INTO live.accounts SELECT g, 'a' || g FROM generate_series(1, 1000) g");
    txn.exec(fmt::format(
        "INSERT INTO live.events (account_id, amount, code) SELECT 1 + g % 1000, g % 100, "
        "'r' || g FROM generate_series(1, {}) g",
        s.rows));
    txn.exec("VACUUM ANALYZE live.events");
    txn.exec("CHECKPOINT");
  }
  Outcome out{form, {}, {}, 0, 0};
  for (const auto& e : fs::directory_iterator(root / "plans" / "live")) {
    if (!e.path().filename().string().starts_with("0002_")) continue;
    const std::string text = read_file(e.path());
    for (std::size_t at = text.find("\n-- step "); at != std::string::npos;
         at = text.find("\n-- step ", at + 1))
      ++out.steps;
    for (std::size_t at = text.find("-- recon: not-transactional"); at != std::string::npos;
         at = text.find("-- recon: not-transactional", at + 1))
      ++out.alone;
  }
  log(fmt::format("{}: applying revision 2 ({} steps) under writes", form, out.steps));
  Client client(url, s.clients, 1);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the client's pace before recon
  out.apply = recon(s, root, {"--db", url, "apply"}, db + "-apply2");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  out.client = client.stop();
  log(fmt::format("{}: apply {:.1f} s, longest stall {:.3f} s, {} failed of {}", form,
                  out.apply.seconds, out.client.longest_stall, out.client.failed,
                  out.client.transactions));
  return out;
}

}  // namespace

int main() {
  try {
    Settings s;
    s.rows = std::stol(env_or("BENCH_ONLINE_ROWS", "2000000"));
    s.clients = std::stoi(env_or("BENCH_ONLINE_CLIENTS", "2"));
    s.timeout = std::stod(env_or("BENCH_ONLINE_TIMEOUT", "900"));
    s.recon = fs::absolute(env_or("BENCH_RECON", "build-bench/recon"));
    s.out = fs::absolute(env_or("BENCH_OUT", "bench/results/online.md"));
    s.work = s.out.parent_path() / "online-work";
    fs::remove_all(s.work);
    fs::create_directories(s.work);

    log("starting a throwaway PostgreSQL cluster (unix socket only)");
    recon::pg::ClusterOptions options;
    options.extra_server_args = {"-c", "max_wal_size=4GB", "-c", "maintenance_work_mem=256MB"};
    auto cluster = recon::pg::Cluster::start(options);
    std::string version;
    {
      pqxx::connection conn(cluster.url());
      version = pqxx::nontransaction(conn).exec1("SHOW server_version")[0].as<std::string>();
    }
    std::vector<Outcome> outcomes;
    for (const bool online : {true, false}) outcomes.push_back(measure(s, cluster, online));

    std::string report = fmt::format(
        "## Online changes under writes\n\nPostgreSQL {}. `events`: {} rows; {} client sessions "
        "inserting one row per transaction without pause, from 2 s before recon applies one "
        "revision adding an index, a foreign key, a check, a NOT NULL and a unique constraint "
        "to it until 1 s after. Stall: a client transaction's wall time.\n\n"
        "| forms | steps (alone) | recon apply s | client transactions | failed | longest stall s "
        "| p99 s | p99.9 s |\n|---|---|---|---|---|---|---|---|\n",
        version, s.rows, s.clients);
    for (const auto& o : outcomes) {
      report += fmt::format(
          "| {} | {} ({}) | {:.1f} | {} | {} | {:.3f} | {:.4f} | {:.4f} |\n", o.form, o.steps,
          o.alone, o.apply.seconds, o.client.transactions, o.client.failed, o.client.longest_stall,
          percentile(o.client.latencies, 0.99), percentile(o.client.latencies, 0.999));
    }
    write_file(s.out, report);
    std::cout << report;
    return 0;
  } catch (const std::exception& e) {
    log(std::string("failed: ") + e.what());
    return 1;
  }
}
