// recon-bench: the benchmark of issue 7. Starts a throwaway PostgreSQL cluster, generates the
// schemas (bench/generate.cpp) and measures recon against pg_dump, apgdiff, migra and Alembic.
// Run by scripts/bench (`just bench`), which installs the peers and builds this program.
//
// Environment: BENCH_SIZES ("100 1000 5000 10000"), BENCH_RUNS (3), BENCH_PEERS (all:
// "apgdiff migra alembic"), BENCH_TIMEOUT (600 s per peer run), BENCH_PEER_RUNS_LARGE (runs of
// the peers from 5,000 tables up, 1), BENCH_PLAN_SIZES (sizes to plan at, all), BENCH_HISTORY (5),
// BENCH_COUNT_SIZE (1000; 0: no counting run), BENCH_TENANTS (1000), BENCH_APPLY_SIZES (all),
// BENCH_ROUTINES (300 functions, triggers and checks added for a second plan of the edit; 0: none),
// BENCH_RECON (build-bench/recon), BENCH_MIGRA, BENCH_OUT (bench/results/latest.md).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "generate.hpp"
#include "introspect/introspect.hpp"
#include "pg/cluster.hpp"
#include "process.hpp"

namespace fs = std::filesystem;
using namespace recon::bench;

namespace {

// ---------------------------------------------------------------- settings

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

std::vector<int> int_list(const std::string& text) {
  std::vector<int> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(std::stoi(word));
  return out;
}

struct Settings {
  std::vector<int> sizes;
  int runs = 3;
  int peer_runs_large = 1;
  std::set<std::string> peers;
  double timeout = 600;
  std::set<int> plan_sizes, apply_sizes;
  int history = 5;
  int count_size = 1000;
  int tenants = 1000;
  int routines = 300;  // functions added for the plan with code (0: no such run)
  fs::path recon, migra, alembic_script, out, work;
};

void log(const std::string& text) {
  std::cerr << "[bench] " << text << std::endl;
}

// ---------------------------------------------------------------- statistics

struct Series {
  std::vector<double> seconds;
  double peak_mib = 0;
  std::string failure;  // non-empty: the tool failed (or timed out) and the series is not valid
  void add(const Run& r) {
    seconds.push_back(r.seconds);
    peak_mib = std::max(peak_mib, r.peak_mib);
  }
  bool valid() const { return failure.empty() && !seconds.empty(); }
  double min() const { return *std::min_element(seconds.begin(), seconds.end()); }
  double median() const {
    auto s = seconds;
    std::sort(s.begin(), s.end());
    const auto n = s.size();
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
};

std::string secs(double s) {
  return s < 10 ? fmt::format("{:.3f}", s) : fmt::format("{:.1f}", s);
}
std::string mib(double m) {
  return fmt::format("{:.0f}", m);
}

// ---------------------------------------------------------------- report

struct Report {
  fs::path file;
  std::string header;
  std::vector<std::pair<std::string, std::string>> sections;  // title, markdown body
  void set(const std::string& title, const std::string& body) {
    for (auto& [t, b] : sections)
      if (t == title) {
        b = body;
        save();
        return;
      }
    sections.emplace_back(title, body);
    save();
  }
  std::string text() const {
    std::string out = header;
    for (const auto& [t, b] : sections) out += "\n### " + t + "\n\n" + b;
    return out;
  }
  void save() const {
    fs::create_directories(file.parent_path());
    write_file(file, text());
  }
};

// ---------------------------------------------------------------- dumps

struct Bench {
  Settings s;
  recon::pg::Cluster cluster;
  Report report;
  std::string pg_bin(const char* tool) const { return (cluster.bindir() / tool).string(); }
  std::string url(const std::string& db) const { return cluster.url(db); }
  int file_counter = 0;
  fs::path scratch(const std::string& name) {
    return s.work / fmt::format("{:04}-{}", ++file_counter, name);
  }

  void sql(const std::string& statement, const std::string& db = "postgres") {
    pqxx::connection conn(url(db));
    pqxx::nontransaction txn(conn);
    txn.exec(statement);
  }
  void drop(const std::string& db) {
    sql(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", db));
  }
  void copy(const std::string& from, const std::string& to) {
    drop(to);
    sql(fmt::format("CREATE DATABASE {} TEMPLATE {}", to, from));
  }
  void fresh(const std::string& db) {
    drop(db);
    sql(fmt::format("CREATE DATABASE {}", db));
  }

  Run psql_file(const std::string& db, const fs::path& file, bool single_transaction,
                fs::path err = {}) {
    std::vector<std::string> argv = {pg_bin("psql"), "-X",    "-q", "-v",         "ON_ERROR_STOP=1",
                                     "-d",           url(db), "-f", file.string()};
    if (single_transaction) argv.insert(argv.begin() + 1, "-1");
    RunOptions o;
    o.stderr_file = err.empty() ? scratch("psql.err") : err;
    return run(argv, o);
  }

  Run pg_dump(const std::string& db, const fs::path& out) {
    RunOptions o;
    o.stdout_file = out;
    o.stderr_file = scratch("pg_dump.err");
    return run({pg_bin("pg_dump"), "--schema-only", "--no-owner", "--no-privileges", "--schema=app",
                "--exclude-table=app.recon_revisions", "--dbname=" + url(db)},
               o);
  }

  // The dump without comments, blank lines, session settings and \restrict keys.
  std::string normalized_dump(const std::string& db) {
    const fs::path file = scratch(db + ".dump.sql");
    const Run r = pg_dump(db, file);
    if (!r.ok()) throw std::runtime_error("pg_dump of " + db + " failed");
    std::istringstream in(read_file(file));
    std::string out, line;
    while (std::getline(in, line)) {
      if (line.empty() || line.starts_with("--") || line.starts_with("SET ") ||
          line.starts_with("SELECT pg_catalog.set_config") || line.starts_with("\\restrict") ||
          line.starts_with("\\unrestrict"))
        continue;
      out += line + "\n";
    }
    fs::remove(file);
    return out;
  }

  std::map<std::string, std::string> expected_dump;  // "after" database -> its normalized dump

  // Applies `script` to a copy of `before` and compares its dump with `after`'s.
  std::string check(const std::string& before, const std::string& after, const fs::path& script,
                    const std::string& tag) {
    if (!expected_dump.count(after)) expected_dump[after] = normalized_dump(after);
    const std::string copy_db = "check_copy";
    copy(before, copy_db);
    const fs::path err = s.work / (tag + ".psql.err");
    const Run r = psql_file(copy_db, script, false, err);
    std::string verdict;
    if (!r.ok()) {
      std::istringstream in(read_file(err));
      std::string first = head_of(err, 160);
      for (std::string line; std::getline(in, line);)
        if (line.find("ERROR:") != std::string::npos) {
          first = line.substr(line.find("ERROR:"), 160);
          for (char& c : first)
            if (c == '|') c = ' ';
          break;
        }
      verdict = "apply failed: " + first;
    } else {
      const std::string actual = normalized_dump(copy_db);
      const std::string& expected = expected_dump[after];
      if (actual == expected) {
        verdict = "equal";
      } else {
        std::multiset<std::string> a, b;
        std::istringstream ia(expected), ib(actual);
        for (std::string l; std::getline(ia, l);) a.insert(l);
        for (std::string l; std::getline(ib, l);) b.insert(l);
        std::vector<std::string> missing, extra;
        std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(missing));
        std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(extra));
        std::string detail;
        for (const auto& l : missing) detail += "- " + l + "\n";
        for (const auto& l : extra) detail += "+ " + l + "\n";
        write_file(s.work / (tag + ".dumpdiff"), detail);
        write_file(s.work / (tag + ".expected.sql"), expected);
        write_file(s.work / (tag + ".actual.sql"), actual);
        verdict = missing.empty() && extra.empty()
                      ? "differs (same lines, other order)"
                      : fmt::format("differs: {} lines missing, {} extra (see {}.dumpdiff)",
                                    missing.size(), extra.size(), tag);
      }
    }
    drop(copy_db);
    return verdict;
  }
};

// Statements in a SQL file: non-comment lines ending with a semicolon.
int count_statements(const fs::path& file) {
  std::istringstream in(read_file(file));
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    const auto first = line.find_first_not_of(' ');
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    if (line.back() == ';') ++n;
  }
  return n;
}

std::string ratio_text(double recon, double other) {
  if (recon <= 0) return "-";
  const double r = other / recon;
  return r >= 1 ? fmt::format("{:.1f}x faster", r) : fmt::format("{:.1f}x slower", 1 / r);
}

}  // namespace

int main() {
  try {
    Settings s;
    s.sizes = int_list(env_or("BENCH_SIZES", "100 1000 5000 10000"));
    s.runs = std::stoi(env_or("BENCH_RUNS", "3"));
    s.peer_runs_large = std::stoi(env_or("BENCH_PEER_RUNS_LARGE", "1"));
    {
      std::istringstream in(env_or("BENCH_PEERS", "apgdiff migra alembic"));
      for (std::string w; in >> w;) s.peers.insert(w);
    }
    s.timeout = std::stod(env_or("BENCH_TIMEOUT", "600"));
    for (int n : int_list(env_or("BENCH_PLAN_SIZES", env_or("BENCH_SIZES", "100 1000 5000 10000"))))
      s.plan_sizes.insert(n);
    for (int n :
         int_list(env_or("BENCH_APPLY_SIZES", env_or("BENCH_SIZES", "100 1000 5000 10000"))))
      s.apply_sizes.insert(n);
    s.history = std::stoi(env_or("BENCH_HISTORY", "5"));
    s.count_size = std::stoi(env_or("BENCH_COUNT_SIZE", "1000"));
    if (s.count_size > 0 &&
        std::find(s.sizes.begin(), s.sizes.end(), s.count_size) == s.sizes.end())
      s.count_size = s.sizes.front();
    s.tenants = std::stoi(env_or("BENCH_TENANTS", "1000"));
    s.routines = std::stoi(env_or("BENCH_ROUTINES", "300"));
    const fs::path root = fs::current_path();
    s.recon = fs::absolute(env_or("BENCH_RECON", "build-bench/recon"));
    s.migra = fs::absolute(env_or("BENCH_MIGRA", "bench/.cache/node_modules/.bin/migra"));
    s.alembic_script = root / "bench" / "alembic_diff.py";
    s.out = fs::absolute(env_or("BENCH_OUT", "bench/results/latest.md"));
    s.work = s.out.parent_path() / "work";
    fs::remove_all(s.work);
    fs::create_directories(s.work);

    log("starting a throwaway PostgreSQL cluster");
    recon::pg::ClusterOptions copts;
    copts.extra_server_args = {"-c", "log_line_prefix=%d|%p|", "-c", "max_connections=200"};
    Bench b{s, recon::pg::Cluster::start(copts), Report{}};
    b.report.file = s.out;
    std::string version;
    {
      pqxx::connection conn(b.url("postgres"));
      pqxx::nontransaction txn(conn);
      version = txn.exec1("SELECT version()")[0].as<std::string>();
    }
    b.report.header = fmt::format(
        "## recon benchmark\n\nServer: {}. Sizes: {}. Runs: {} (peers from 5,000 tables: {}). "
        "Peer timeout: {} s. Times in seconds (wall), memory as peak RSS in MiB.\n",
        version, env_or("BENCH_SIZES", "100 1000 5000 10000"), s.runs,
        std::min(s.runs, s.peer_runs_large), s.timeout);

    std::string load_table =
        "| tables | load (psql -1 -f) | pg_dump -s min | median | MiB | recon introspect (in "
        "process) "
        "min | median | queries | introspect / pg_dump | recon inspect min | median | MiB |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    std::string diff_table =
        "| tables | tool | runs | min | median | peak MiB | statements out | correct (pg_dump -s "
        "equal) "
        "| recon diff vs this |\n|---|---|---|---|---|---|---|---|---|\n";
    std::string diff_summary =
        "| tables | recon diff median | fastest peer | its median | ratio "
        "|\n|---|---|---|---|---|\n";
    std::string plan_table =
        "| tables | plan from empty (once) | MiB | plan 50 changes min | median | MiB | with " +
        std::to_string(s.history) +
        " more revisions min | median | MiB | revision statements | plan correct |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n";
    std::string code_table =
        "| tables | functions | plan 50 changes median | with the functions, triggers and checks "
        "| ratio |\n|---|---|---|---|---|\n";
    std::string apply_table =
        "| tables | recon apply min | median | MiB | psql -f min | median | recon / psql |\n"
        "|---|---|---|---|---|---|---|\n";
    std::string mutation_list;
    std::set<std::string> timed_out_peers;
    std::map<int, Series> introspect_at, pg_dump_at;
    std::map<int, double> diff_median, fastest_peer_median;
    std::map<int, std::string> diff_correct;
    std::map<int, Series> plan_at, apply_at, psql_apply_at;
    std::map<int, double> peak_at;  // max peak of recon inspect/diff/plan

    for (const int n : s.sizes) {
      log(fmt::format("{} tables: generating and loading", n));
      const Generated g = generate(n);
      if (mutation_list.empty()) {
        for (const auto& c : g.changes) mutation_list += "- " + c + "\n";
      }
      const fs::path schema_file = s.work / fmt::format("schema-{}.sql", n);
      const fs::path mutation_file = s.work / fmt::format("mutation-{}.sql", n);
      write_file(schema_file, g.schema_sql);
      write_file(mutation_file, g.mutation_sql);
      const std::string before = fmt::format("before_{}", n), after = fmt::format("after_{}", n);
      b.fresh(before);
      const Run load = b.psql_file(before, schema_file, true);
      if (!load.ok())
        throw std::runtime_error(fmt::format("loading the {}-table schema failed", n));
      b.copy(before, after);
      if (!b.psql_file(after, mutation_file, false).ok())
        throw std::runtime_error(fmt::format("the mutation of the {}-table schema failed", n));
      // The bench cluster runs without autovacuum; any real server would have analyzed its
      // catalogs after such a load, and without statistics the planner picks poor joins for
      // bulk catalog queries (recon inspect of 5,000 tables: 2.1 s before ANALYZE, 1.4 s after;
      // pg_dump: about the same either way).
      b.sql("ANALYZE", before);
      b.sql("ANALYZE", after);

      const bool large = n >= 5000;
      const int peer_runs = large ? std::min(s.runs, s.peer_runs_large) : s.runs;

      // pg_dump, introspection, inspect.
      log(fmt::format("{} tables: pg_dump and introspection", n));
      Series dump, intro, inspect;
      int queries = 0;
      const fs::path before_toml = s.work / fmt::format("before-{}.toml", n);
      const fs::path after_toml = s.work / fmt::format("after-{}.toml", n);
      for (int r = 0; r < s.runs; ++r) {
        dump.add(b.pg_dump(before, s.work / "dump.sql"));
        pqxx::connection conn(b.url(before));
        recon::introspect::Stats stats;
        const auto t0 = std::chrono::steady_clock::now();
        const auto catalog = recon::introspect::introspect_schema(conn, "app", {}, &stats);
        Run fake;
        fake.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        intro.add(fake);
        queries = stats.queries;
        if (static_cast<int>(catalog.tables.size()) != n)
          throw std::runtime_error(
              fmt::format("introspection found {} tables, not {}", catalog.tables.size(), n));
        RunOptions o;
        o.stdout_file = before_toml;
        o.stderr_file = s.work / "inspect.err";
        const Run ir =
            run({s.recon.string(), "inspect", "--db", b.url(before), "--schema", "app"}, o);
        if (!ir.ok()) inspect.failure = "failed: " + head_of(o.stderr_file);
        inspect.add(ir);
      }
      {
        RunOptions o;
        o.stdout_file = after_toml;
        o.stderr_file = s.work / "inspect.err";
        if (!run({s.recon.string(), "inspect", "--db", b.url(after), "--schema", "app"}, o).ok())
          throw std::runtime_error("recon inspect of after failed: " + head_of(o.stderr_file));
      }
      introspect_at[n] = intro;
      pg_dump_at[n] = dump;
      peak_at[n] = std::max(peak_at[n], inspect.peak_mib);
      load_table += fmt::format(
          "| {} | {} | {} | {} | {} | {} | {} | {} | {:.2f} | {} | {} | {} |\n", n,
          secs(load.seconds), secs(dump.min()), secs(dump.median()), mib(dump.peak_mib),
          secs(intro.min()), secs(intro.median()), queries, intro.median() / dump.median(),
          inspect.valid() ? secs(inspect.min()) : inspect.failure,
          inspect.valid() ? secs(inspect.median()) : "-", mib(inspect.peak_mib));
      b.report.set("Load, pg_dump and introspection of the 'before' schema", load_table);

      // The diff tools.
      struct Tool {
        std::string name;
        bool peer;
        std::function<Run(const fs::path& out, const fs::path& err)> once;
      };
      std::vector<Tool> tools;
      tools.push_back({"recon diff", false, [&](const fs::path& out, const fs::path& err) {
                         RunOptions o;
                         o.stdout_file = out;
                         o.stderr_file = err;
                         o.timeout_seconds = s.timeout;
                         return run({s.recon.string(), "diff", "--from", b.url(before), "--to",
                                     b.url(after), "--schema", "app", "--no-color"},
                                    o);
                       }});
      if (s.peers.count("apgdiff"))
        tools.push_back(
            {"apgdiff (+ 2 pg_dumps)", true, [&](const fs::path& out, const fs::path& err) {
               Run total;
               const fs::path d1 = s.work / "apg-before.sql", d2 = s.work / "apg-after.sql";
               for (const auto& [db, f] : {std::pair{before, d1}, std::pair{after, d2}}) {
                 const Run r = b.pg_dump(db, f);
                 total.seconds += r.seconds;
                 total.peak_mib = std::max(total.peak_mib, r.peak_mib);
                 if (!r.ok()) return r;
                 // apgdiff 2.4 stops at the \restrict lines of recent pg_dumps.
                 std::istringstream in(read_file(f));
                 std::string kept;
                 for (std::string line; std::getline(in, line);)
                   if (!line.starts_with("\\restrict") && !line.starts_with("\\unrestrict"))
                     kept += line + "\n";
                 write_file(f, kept);
               }
               RunOptions o;
               o.stdout_file = out;
               o.stderr_file = err;
               o.timeout_seconds = s.timeout;
               Run r = run({"apgdiff", d1.string(), d2.string()}, o);
               r.seconds += total.seconds;
               r.peak_mib = std::max(r.peak_mib, total.peak_mib);
               return r;
             }});
      if (s.peers.count("migra"))
        tools.push_back({"migra", true, [&](const fs::path& out, const fs::path& err) {
                           RunOptions o;
                           o.stdout_file = out;
                           o.stderr_file = err;
                           o.timeout_seconds = s.timeout;
                           Run r = run({s.migra.string(), "run", "--unsafe", "--schema", "app",
                                        b.url(before), b.url(after)},
                                       o);
                           if (r.exit_code == 2) r.exit_code = 0;  // migra: 2 = differences found
                           return r;
                         }});
      if (s.peers.count("alembic"))
        tools.push_back(
            {"alembic autogenerate", true, [&](const fs::path& out, const fs::path& err) {
               RunOptions o;
               o.stdout_file = out;
               o.stderr_file = err;
               o.timeout_seconds = s.timeout;
               return run(
                   {"/usr/bin/python3", s.alembic_script.string(), b.cluster.socket_dir().string(),
                    std::to_string(b.cluster.port()), before, after, "app"},
                   o);
             }});
      double recon_median = 0, fastest = 0;
      std::string fastest_name;
      for (const auto& tool : tools) {
        const std::string tag = fmt::format("{}-{}", n, tool.name.substr(0, tool.name.find(' ')));
        const fs::path out = s.work / (tag + ".out.sql"), err = s.work / (tag + ".err");
        Series series;
        int statements = 0;
        std::string correct = "-";
        const int runs = tool.peer ? peer_runs : s.runs;
        if (tool.peer && timed_out_peers.count(tool.name)) {
          series.failure = "skipped (timed out at a smaller size)";
        } else {
          for (int r = 0; r < runs; ++r) {
            log(fmt::format("{} tables: {} run {}/{}", n, tool.name, r + 1, runs));
            const Run result = tool.once(out, err);
            if (result.timed_out) {
              series.failure = fmt::format("timeout (> {} s)", s.timeout);
              timed_out_peers.insert(tool.name);
              break;
            }
            if (!result.ok()) {
              series.failure =
                  fmt::format("failed (exit {}): {}", result.exit_code, head_of(err, 200));
              break;
            }
            series.add(result);
          }
          if (series.valid()) {
            statements = count_statements(out);
            log(fmt::format("{} tables: checking {}", n, tool.name));
            correct = b.check(before, after, out, tag);
          }
        }
        if (!tool.peer) {
          if (series.valid()) {
            recon_median = series.median();
            diff_median[n] = recon_median;
            peak_at[n] = std::max(peak_at[n], series.peak_mib);
          }
          diff_correct[n] = series.valid() ? correct : series.failure;
        } else if (series.valid() && (fastest == 0 || series.median() < fastest)) {
          fastest = series.median();
          fastest_name = tool.name;
        }
        diff_table +=
            fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", n, tool.name,
                        series.seconds.size(), series.valid() ? secs(series.min()) : series.failure,
                        series.valid() ? secs(series.median()) : "-",
                        series.valid() ? mib(series.peak_mib) : "-",
                        series.valid() ? std::to_string(statements) : "-", correct,
                        tool.peer && series.valid() && recon_median > 0
                            ? ratio_text(recon_median, series.median())
                            : "-");
        b.report.set("Diff of 'before' and 'after' (50 changes)", diff_table);
      }
      if (fastest > 0) {
        fastest_peer_median[n] = fastest;
        diff_summary += fmt::format("| {} | {} | {} | {} | recon diff {} |\n", n,
                                    recon_median > 0 ? secs(recon_median) : "failed", fastest_name,
                                    secs(fastest), ratio_text(recon_median, fastest));
        b.report.set("recon diff against the fastest peer", diff_summary);
      }

      // recon plan end to end, and recon apply of the first revision.
      if (s.plan_sizes.count(n)) {
        log(fmt::format("{} tables: recon plan", n));
        const fs::path ws = s.work / fmt::format("ws-{}", n);
        fs::create_directories(ws / "schemas");
        fs::copy_file(before_toml, ws / "schemas" / "bench.toml");
        auto plan = [&](const fs::path& w) {
          RunOptions o;
          o.cwd = w;
          o.stdout_file = s.work / "plan.out";
          o.stderr_file = s.work / "plan.err";
          o.timeout_seconds = s.timeout * 4;
          Run r = run({s.recon.string(), "plan", "--no-color", "-m", "bench"}, o);
          if (!r.ok()) log("recon plan failed: " + head_of(o.stderr_file, 1000));
          return r;
        };
        // recon plan keeps a cache in .recon/ (snapshots, normalized declarations): each timed
        // run starts from the cache as the plan before it left it, i.e. the everyday case of
        // an edit planned after the previous revision was planned on this machine.
        auto keep_cache = [](const fs::path& w) {
          fs::remove_all(w / ".recon-kept");
          if (fs::exists(w / ".recon"))
            fs::copy(w / ".recon", w / ".recon-kept", fs::copy_options::recursive);
        };
        auto restore_cache = [](const fs::path& w) {
          fs::remove_all(w / ".recon");
          if (fs::exists(w / ".recon-kept"))
            fs::copy(w / ".recon-kept", w / ".recon", fs::copy_options::recursive);
        };
        auto listing = [](const fs::path& w) {
          std::set<fs::path> files;
          for (const auto& e : fs::recursive_directory_iterator(w)) files.insert(e.path());
          return files;
        };
        const Run first = plan(ws);
        std::string row =
            fmt::format("| {} | {} | {} |", n, first.ok() ? secs(first.seconds) : "failed",
                        mib(first.peak_mib));
        Series edit, edit_history;
        int revision_statements = 0;
        std::string plan_correct = "-";
        if (first.ok()) {
          fs::copy_file(after_toml, ws / "schemas" / "bench.toml",
                        fs::copy_options::overwrite_existing);
          keep_cache(ws);
          const auto kept = listing(ws);
          for (int r = 0; r < s.runs; ++r) {
            log(fmt::format("{} tables: recon plan (50 changes) run {}/{}", n, r + 1, s.runs));
            const Run pr = plan(ws);
            if (!pr.ok()) {
              edit.failure = "failed: " + head_of(s.work / "plan.err");
              break;
            }
            edit.add(pr);
            const auto now = listing(ws);
            for (const auto& f : now)
              if (!kept.count(f) && fs::exists(f)) {
                if (f.extension() == ".sql" && f.parent_path().filename() == "bench") {
                  revision_statements = count_statements(f);
                  if (r + 1 == s.runs)
                    fs::copy_file(f, s.work / fmt::format("plan-{}-edit.sql", n),
                                  fs::copy_options::overwrite_existing);
                }
                if (fs::is_directory(f)) continue;
                fs::remove(f);
              }
            restore_cache(ws);
          }
          if (edit.valid()) {
            // Correctness of the planned edit: revision 0001 then the edit, on a fresh database.
            fs::path rev1;
            for (const auto& e : fs::directory_iterator(ws / "plans" / "bench"))
              if (e.path().filename().string().starts_with("0001")) rev1 = e.path();
            const std::string base = "plan_base";
            b.fresh(base);
            if (b.psql_file(base, rev1, false).ok()) {
              plan_correct = b.check(base, after, s.work / fmt::format("plan-{}-edit.sql", n),
                                     fmt::format("{}-plan", n));
            } else {
              plan_correct = "revision 0001 failed in psql";
            }
            b.drop(base);
            peak_at[n] = std::max(peak_at[n], edit.peak_mib);
          }
          // A longer history: `history` small revisions more, then the same edit.
          if (s.history > 0) {
            const fs::path wh = s.work / fmt::format("ws-{}-history", n);
            fs::remove_all(wh);
            fs::create_directories(wh / "schemas");
            fs::copy(ws / "plans", wh / "plans", fs::copy_options::recursive);
            std::string toml = read_file(before_toml);
            std::string extra;
            bool ok = true;
            for (int k = 0; k < s.history && ok; ++k) {
              extra += fmt::format(
                  "\n[tables.history_{0}]\nprimary_key = "
                  "[\"id\"]\n\n[[tables.history_{0}.columns]]\n"
                  "name = \"id\"\ntype = \"bigint\"\nnullable = "
                  "false\n\n[[tables.history_{0}.columns]]\n"
                  "name = \"note\"\ntype = \"text\"\n",
                  k);
              write_file(wh / "schemas" / "bench.toml", toml + extra);
              log(fmt::format("{} tables: history revision {}/{}", n, k + 1, s.history));
              ok = plan(wh).ok();
            }
            if (ok) {
              write_file(wh / "schemas" / "bench.toml", read_file(after_toml) + extra);
              keep_cache(wh);
              const auto kept_h = listing(wh);
              for (int r = 0; r < s.runs; ++r) {
                log(fmt::format("{} tables: recon plan with history run {}/{}", n, r + 1, s.runs));
                const Run pr = plan(wh);
                if (!pr.ok()) {
                  edit_history.failure = "failed: " + head_of(s.work / "plan.err");
                  break;
                }
                edit_history.add(pr);
                for (const auto& f : listing(wh))
                  if (!kept_h.count(f) && fs::exists(f) && !fs::is_directory(f)) fs::remove(f);
                restore_cache(wh);
              }
            } else {
              edit_history.failure = "a history revision failed to plan";
            }
          }

          // recon apply of revision 0001 from empty against psql -f of the same file.
          if (s.apply_sizes.count(n)) {
            Series ra, pa;
            fs::path rev1;
            for (const auto& e : fs::directory_iterator(ws / "plans" / "bench"))
              if (e.path().filename().string().starts_with("0001")) rev1 = e.path();
            for (int r = 0; r < s.runs; ++r) {
              log(fmt::format("{} tables: recon apply / psql -f run {}/{}", n, r + 1, s.runs));
              b.fresh("apply_target");
              RunOptions o;
              o.cwd = ws;
              o.stdout_file = s.work / "apply.out";
              o.stderr_file = s.work / "apply.err";
              const Run ar = run({s.recon.string(), "apply", "bench", "--to", "1", "--no-color",
                                  "--db", b.url("apply_target")},
                                 o);
              if (!ar.ok()) {
                ra.failure = "failed: " + head_of(o.stderr_file);
                break;
              }
              ra.add(ar);
              b.fresh("apply_target");
              const Run pr = b.psql_file("apply_target", rev1, false);
              if (!pr.ok()) {
                pa.failure = "failed";
                break;
              }
              pa.add(pr);
            }
            b.drop("apply_target");
            apply_at[n] = ra;
            psql_apply_at[n] = pa;
            apply_table += fmt::format(
                "| {} | {} | {} | {} | {} | {} | {} |\n", n,
                ra.valid() ? secs(ra.min()) : ra.failure, ra.valid() ? secs(ra.median()) : "-",
                mib(ra.peak_mib), pa.valid() ? secs(pa.min()) : pa.failure,
                pa.valid() ? secs(pa.median()) : "-",
                ra.valid() && pa.valid() ? fmt::format("{:.2f}", ra.median() / pa.median()) : "-");
            b.report.set("recon apply of revision 0001 (from empty) vs psql -f of the same file",
                         apply_table);
          }
        }
        plan_at[n] = edit;
        // The same edit with `routines` functions and their triggers and checks in the schema
        // (issue 16: planning stays proportional to the change, code or not).
        if (s.routines > 0 && edit.valid()) {
          log(fmt::format("{} tables: recon plan (50 changes) with {} functions", n, s.routines));
          const Generated gr = generate(n, "app", 20240607, s.routines);
          const fs::path schema_r = s.work / fmt::format("schema-{}-code.sql", n);
          const fs::path mutation_r = s.work / fmt::format("mutation-{}-code.sql", n);
          write_file(schema_r, gr.schema_sql);
          write_file(mutation_r, gr.mutation_sql);
          const std::string before_r = "before_code", after_r = "after_code";
          b.fresh(before_r);
          Series code;
          if (!b.psql_file(before_r, schema_r, true).ok()) code.failure = "loading failed";
          b.copy(before_r, after_r);
          if (code.failure.empty() && !b.psql_file(after_r, mutation_r, false).ok())
            code.failure = "the mutation failed";
          const fs::path ws_r = s.work / fmt::format("ws-{}-code", n);
          fs::remove_all(ws_r);
          fs::create_directories(ws_r / "schemas");
          const fs::path toml_r = ws_r / "schemas" / "bench.toml";
          const fs::path after_toml_r = s.work / fmt::format("after-{}-code.toml", n);
          for (const auto& [db, file] : {std::pair{before_r, toml_r}, {after_r, after_toml_r}}) {
            RunOptions o;
            o.stdout_file = file;
            o.stderr_file = s.work / "inspect.err";
            if (code.failure.empty() &&
                !run({s.recon.string(), "inspect", "--db", b.url(db), "--schema", "app"}, o).ok())
              code.failure = "inspect failed: " + head_of(o.stderr_file);
          }
          if (code.failure.empty() && !plan(ws_r).ok()) code.failure = "first plan failed";
          if (code.failure.empty()) {
            fs::copy_file(after_toml_r, toml_r, fs::copy_options::overwrite_existing);
            keep_cache(ws_r);
            const auto kept = listing(ws_r);
            for (int r = 0; r < s.runs && code.failure.empty(); ++r) {
              const Run pr = plan(ws_r);
              if (!pr.ok()) code.failure = "failed: " + head_of(s.work / "plan.err");
              if (pr.ok()) code.add(pr);
              for (const auto& f : listing(ws_r))
                if (!kept.count(f) && fs::exists(f) && !fs::is_directory(f)) fs::remove(f);
              restore_cache(ws_r);
            }
          }
          b.drop(before_r);
          b.drop(after_r);
          code_table += fmt::format(
              "| {} | {} | {} | {} | {} |\n", n, s.routines, secs(edit.median()),
              code.valid() ? secs(code.median()) : code.failure,
              code.valid() ? fmt::format("{:.2f}", code.median() / edit.median()) : "-");
          b.report.set("recon plan of the 50-change edit, with and without functions and triggers",
                       code_table);
        }
        auto cell = [](const Series& x) {
          return x.valid() ? fmt::format(" {} | {} | {} |", secs(x.min()), secs(x.median()),
                                         mib(x.peak_mib))
                           : fmt::format(" {} | - | - |", x.failure.empty() ? "-" : x.failure);
        };
        row += cell(edit) + cell(edit_history) +
               fmt::format(" {} | {} |\n", revision_statements, plan_correct);
        plan_table += row;
        b.report.set("recon plan end to end (embedded dev database), 50-change edit", plan_table);
      }
      // Keep the databases of the counting size; drop the others.
      if (n != s.count_size) {
        b.drop(before);
        b.drop(after);
        b.expected_dump.erase(after);
      }
    }
    b.report.set("The 50 changes of the mutation", mutation_list);

    // Statements sent per tool, counted in the server log (log_statement = all).
    if (s.count_size > 0) {
      const int n = s.count_size;
      const std::string before = fmt::format("before_{}", n), after = fmt::format("after_{}", n);
      log(fmt::format("counting statements at {} tables", n));
      b.sql("ALTER SYSTEM SET log_statement = 'all'");
      b.sql("ALTER SYSTEM SET log_connections = on");
      b.sql("ALTER SYSTEM SET log_min_duration_statement = 0");
      b.sql("SELECT pg_reload_conf()");
      ::usleep(300000);
      // Statements, connections, the server time they took (log_min_duration_statement = 0)
      // and the slowest statement, as one row of cells.
      auto count = [&](const std::function<Run()>& what) {
        const auto start = fs::file_size(b.cluster.log_file());
        const Run r = what();
        ::usleep(300000);
        std::string log_text = read_file(b.cluster.log_file()).substr(start);
        std::istringstream in(log_text);
        int statements = 0, connections = 0;
        double server_ms = 0, slowest_ms = 0;
        std::string slowest;
        std::map<std::string, std::string> last_statement;  // pid -> text
        std::string continued;  // pid whose statement text starts on the next line
        for (std::string line; std::getline(in, line);) {
          if (!continued.empty()) {
            const auto first = line.find_first_not_of(" \t");
            if (first != std::string::npos) {
              last_statement[continued] = line.substr(first, 70);
              continued.clear();
            }
          }
          const auto bar = line.find('|'), bar2 = line.find('|', bar + 1);
          const std::string pid =
              bar2 == std::string::npos ? "" : line.substr(bar + 1, bar2 - bar - 1);
          for (const char* marker : {"LOG:  statement: ", "LOG:  execute "}) {
            const auto at = line.find(marker);
            if (at == std::string::npos) continue;
            ++statements;
            last_statement[pid] = line.substr(at + std::string(marker).size(), 70);
            if (last_statement[pid].find_first_not_of(" \t") == std::string::npos) continued = pid;
          }
          const auto d = line.find("LOG:  duration: ");
          if (d != std::string::npos) {
            const double ms = std::atof(line.c_str() + d + 16);
            server_ms += ms;
            if (ms > slowest_ms) {
              slowest_ms = ms;
              slowest = last_statement[pid];
            }
          }
          if (line.find("LOG:  connection authorized") != std::string::npos) ++connections;
        }
        for (char& c : slowest)
          if (c == '|' || c == '`') c = ' ';
        return fmt::format("{} | {} | {} | {:.2f} | {:.2f} s: `{}` | {}", r.ok() ? "ok" : "failed",
                           statements, connections, server_ms / 1000, slowest_ms / 1000, slowest,
                           secs(r.seconds));
      };
      std::string table =
          "| tool | run | statements | connections | server time s (sum of statement durations) | "
          "slowest statement | wall s (logging on) |\n|---|---|---|---|---|---|---|\n";
      table += "| pg_dump -s (one side) | " +
               count([&] { return b.pg_dump(before, s.work / "count.sql"); }) + " |\n";
      table +=
          "| recon inspect | " + count([&] {
            RunOptions o;
            o.stdout_file = s.work / "count.toml";
            return run({s.recon.string(), "inspect", "--db", b.url(before), "--schema", "app"}, o);
          }) +
          " |\n";
      table += "| recon diff | " + count([&] {
                 RunOptions o;
                 o.stdout_file = s.work / "count.sql";
                 return run({s.recon.string(), "diff", "--from", b.url(before), "--to",
                             b.url(after), "--schema", "app"},
                            o);
               }) +
               " |\n";
      if (s.peers.count("apgdiff"))
        table += "| apgdiff (its 2 pg_dumps) | " + count([&] {
                   b.pg_dump(before, s.work / "count-a.sql");
                   return b.pg_dump(after, s.work / "count-b.sql");
                 }) +
                 " |\n";
      if (s.peers.count("migra") && !timed_out_peers.count("migra"))
        table += "| migra | " + count([&] {
                   RunOptions o;
                   o.timeout_seconds = s.timeout;
                   Run r = run({s.migra.string(), "run", "--unsafe", "--schema", "app",
                                b.url(before), b.url(after)},
                               o);
                   if (r.exit_code == 2) r.exit_code = 0;
                   return r;
                 }) +
                 " |\n";
      if (s.peers.count("alembic") && !timed_out_peers.count("alembic autogenerate"))
        table += "| alembic autogenerate | " + count([&] {
                   RunOptions o;
                   o.timeout_seconds = s.timeout;
                   return run({"/usr/bin/python3", s.alembic_script.string(),
                               b.cluster.socket_dir().string(), std::to_string(b.cluster.port()),
                               before, after, "app"},
                              o);
                 }) +
                 " |\n";
      const fs::path ws = s.work / fmt::format("ws-{}", n);
      fs::path rev1;
      if (fs::exists(ws / "plans" / "bench"))
        for (const auto& e : fs::directory_iterator(ws / "plans" / "bench"))
          if (e.path().filename().string().starts_with("0001")) rev1 = e.path();
      if (!rev1.empty()) {
        // The dev database of recon plan on this server (--dev-url), to see its statements.
        std::set<fs::path> kept;
        for (const auto& e : fs::recursive_directory_iterator(ws)) kept.insert(e.path());
        table += "| recon plan, 50 changes (--dev-url: this server as the dev database) | " +
                 count([&] {
                   RunOptions o;
                   o.cwd = ws;
                   o.stdout_file = s.work / "count-plan.out";
                   o.stderr_file = s.work / "count-plan.err";
                   return run({s.recon.string(), "plan", "--no-color", "-m", "bench", "--dev-url",
                               b.url("postgres")},
                              o);
                 }) +
                 " |\n";
        std::vector<fs::path> added;
        for (const auto& e : fs::recursive_directory_iterator(ws))
          if (!kept.count(e.path()) && !fs::is_directory(e.path())) added.push_back(e.path());
        for (const auto& f : added) fs::remove(f);
        b.fresh("count_apply");
        table += "| recon apply of revision 0001 (from empty) | " + count([&] {
                   RunOptions o;
                   o.cwd = ws;
                   o.stdout_file = s.work / "count-apply.out";
                   o.stderr_file = s.work / "count-apply.err";
                   return run({s.recon.string(), "apply", "bench", "--to", "1", "--no-color",
                               "--db", b.url("count_apply")},
                              o);
                 }) +
                 " |\n";
        b.fresh("count_apply");
        table += "| psql -f of revision 0001 (from empty) | " +
                 count([&] { return b.psql_file("count_apply", rev1, false); }) + " |\n";
        b.drop("count_apply");
      }
      b.sql("ALTER SYSTEM RESET log_statement");
      b.sql("ALTER SYSTEM RESET log_connections");
      b.sql("ALTER SYSTEM RESET log_min_duration_statement");
      b.sql("SELECT pg_reload_conf()");
      b.report.set(fmt::format("Statements and connections per tool at {} tables (server log)", n),
                   table);
      b.drop(before);
      b.drop(after);
    }

    // Many tenants: a 20-table project applied to many schemas.
    if (s.tenants > 0) {
      log(fmt::format("tenants: a 20-table project into {} schemas", s.tenants));
      const Generated g = generate(20);
      const fs::path schema_file = s.work / "schema-20.sql";
      write_file(schema_file, g.schema_sql);
      b.fresh("tenant_source");
      if (!b.psql_file("tenant_source", schema_file, true).ok())
        throw std::runtime_error("loading the 20-table schema failed");
      const fs::path ws = s.work / "ws-tenants";
      fs::remove_all(ws);
      fs::create_directories(ws / "schemas");
      RunOptions io;
      io.stdout_file = ws / "schemas" / "bench.toml";
      io.stderr_file = s.work / "inspect.err";
      if (!run({s.recon.string(), "inspect", "--db", b.url("tenant_source"), "--schema", "app"}, io)
               .ok())
        throw std::runtime_error("recon inspect of the tenant project failed");
      b.drop("tenant_source");
      RunOptions po;
      po.cwd = ws;
      po.stderr_file = s.work / "plan.err";
      po.stdout_file = s.work / "plan.out";
      std::string table =
          "| tenants | jobs | total s | per schema ms | MiB | result "
          "|\n|---|---|---|---|---|---|\n";
      if (!run({s.recon.string(), "plan", "--no-color", "-m", "tenants"}, po).ok()) {
        table += "| - | - | - | - | - | plan failed: " + head_of(po.stderr_file) + " |\n";
      } else {
        for (const int jobs : {1, 4}) {
          b.fresh("tenants");
          std::string create;
          for (int t = 1; t <= s.tenants; ++t)
            create += fmt::format("CREATE SCHEMA tenant_{:04};", t);
          b.sql(create, "tenants");
          log(fmt::format("tenants: recon apply --jobs {}", jobs));
          RunOptions o;
          o.cwd = ws;
          o.stdout_file = s.work / fmt::format("tenants-{}.out", jobs);
          o.stderr_file = s.work / fmt::format("tenants-{}.err", jobs);
          o.timeout_seconds = s.timeout * 4;
          const Run r = run({s.recon.string(), "apply", "bench", "--schemas", "tenant_%", "--jobs",
                             std::to_string(jobs), "--no-color", "--db", b.url("tenants")},
                            o);
          std::string result = r.ok() ? "ok" : "failed: " + head_of(o.stderr_file);
          if (r.ok()) {
            pqxx::connection conn(b.url("tenants"));
            pqxx::nontransaction txn(conn);
            const int applied = txn.exec1(
                                       "SELECT count(*) FROM pg_class c JOIN pg_namespace s ON "
                                       "s.oid = c.relnamespace WHERE s.nspname LIKE 'tenant\\_%' "
                                       "AND c.relname = 'recon_revisions'")[0]
                                    .as<int>();
            result = fmt::format("ok: {} schemas with a version table", applied);
          }
          table +=
              fmt::format("| {} | {} | {} | {:.1f} | {} | {} |\n", s.tenants, jobs, secs(r.seconds),
                          r.seconds * 1000 / s.tenants, mib(r.peak_mib), result);
          b.report.set(
              fmt::format("Many tenants: a 20-table project applied to {} schemas", s.tenants),
              table);
        }
        b.drop("tenants");
      }
    }

    // The targets of issue 7.
    {
      std::string t = "| target | measured | met |\n|---|---|---|\n";
      const int biggest = s.sizes.back();
      if (introspect_at.count(biggest)) {
        const double r = introspect_at[biggest].median() / pg_dump_at[biggest].median();
        t += fmt::format(
            "| introspection of {} tables <= 0.5x pg_dump -s | {:.2f}x ({} s vs {} s) | {} |\n",
            biggest, r, secs(introspect_at[biggest].median()), secs(pg_dump_at[biggest].median()),
            r <= 0.5 ? "yes" : "no");
      }
      for (const auto& [n, peer] : fastest_peer_median) {
        if (!diff_median.count(n)) continue;
        const double r = peer / diff_median[n];
        t += fmt::format(
            "| recon diff >= 10x faster than the fastest peer at {} tables | {:.1f}x | {} |\n", n,
            r,
            n < 1000  ? "(not a target size)"
            : r >= 10 ? "yes"
                      : "no");
      }
      for (const auto& [n, c] : diff_correct)
        t += fmt::format("| recon diff correct at {} tables | {} | {} |\n", n, c,
                         c == "equal" ? "yes" : "no");
      if (plan_at.count(5000) && plan_at[5000].valid())
        t += fmt::format("| recon plan, 50 changes, 5,000 tables <= 2 s | {} s | {} |\n",
                         secs(plan_at[5000].median()), plan_at[5000].median() <= 2 ? "yes" : "no");
      if (apply_at.count(5000) && apply_at[5000].valid() && psql_apply_at[5000].valid()) {
        const double r = apply_at[5000].median() / psql_apply_at[5000].median();
        t += fmt::format("| recon apply of 5,000 tables <= 1.2x psql -f | {:.2f}x | {} |\n", r,
                         r <= 1.2 ? "yes" : "no");
      }
      if (peak_at.count(10000))
        t += fmt::format(
            "| peak memory < 500 MiB at 10,000 tables (inspect, diff, plan) | {} MiB | {} |\n",
            mib(peak_at[10000]), peak_at[10000] < 500 ? "yes" : "no");
      b.report.set("Targets of issue 7", t);
    }
    std::cout << b.report.text() << std::flush;
    log("written to " + s.out.string());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "recon-bench: " << e.what() << std::endl;
    return 1;
  }
}
