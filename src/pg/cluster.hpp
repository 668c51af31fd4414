#pragma once

// A throwaway PostgreSQL cluster: initdb into a fresh temporary directory, a postmaster listening
// on a unix socket in that directory only, and everything removed again when the Cluster object
// goes away (or when the process gets SIGINT/SIGTERM/SIGHUP, or, for the server, when the process
// is SIGKILLed: the postmaster gets SIGQUIT through PR_SET_PDEATHSIG, and the next Cluster::start
// sweeps the directory that was left behind).
//
// Layout of the temporary directory ($TMPDIR or /tmp, then recon-pg-XXXXXX):
//   owner.pid     the process that created the cluster (cluster_owner.hpp; for the stale sweep)
//   data/         the data directory (initdb, or a copy of a kept one: initdb_cache.hpp)
//   server.log    stdout/stderr of the postmaster
//   initdb.log    stdout/stderr of initdb (when it ran)
//   .s.PGSQL.N    the unix socket (N = ClusterOptions::port)
//
// Running as root, initdb and postgres run as the `postgres` OS user (Postgres refuses to run as
// root); the temporary directory is chowned to that user.
//
// Note on PR_SET_PDEATHSIG: Linux delivers it when the *thread* that forked the postmaster exits,
// not the process. Start clusters from a thread that lives as long as the cluster (normally main).
//
// The pieces it is made of: binaries.hpp (finding postgres and initdb), process.hpp (running
// them as children), server_user.hpp (the switch to the postgres user), cleanup_registry.hpp
// (the clean-up on signals), stale_sweep.hpp (directories left behind), conninfo.hpp (its URLs).

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pg/cluster_error.hpp"
#include "pg/process.hpp"

namespace recon::pg {

struct ClusterOptions {
  // Directories to look for `postgres` and `initdb` in. Empty: the default search, which is
  // $RECON_PG_BINDIR, then `pg_config --bindir`, then the newest /usr/lib/postgresql/*/bin.
  // $RECON_PG_BINDIR, when set, always wins (it is the user's explicit choice). binaries.hpp.
  std::vector<std::filesystem::path> bindir_candidates;
  // Where the recon-pg-XXXXXX directory is created. Empty: $TMPDIR, else /tmp.
  std::filesystem::path temp_root;
  // Port number: only names the socket file (there is no TCP listener).
  int port = 5432;
  // Extra command-line arguments for `postgres`, appended after recon's own (for example
  // {"-c", "log_statement=all"}); later -c settings override earlier ones.
  std::vector<std::string> extra_server_args;
  // How long to wait for the server to accept connections.
  std::chrono::milliseconds startup_timeout{30'000};
  // Remove recon-pg-* directories left behind by dead processes before starting.
  bool sweep_stale = true;
  // Where data directories fresh from initdb are kept and copied from (initdb_cache.hpp).
  // Empty: initdb runs every time.
  std::filesystem::path initdb_cache;
};

// How to stop the server. `fast` (SIGINT) disconnects sessions and writes a checkpoint, so every
// committed transaction survives a restart. `immediate` (SIGQUIT) is a crash: with the
// synchronous_commit=off that the cluster runs with, the last ~200 ms of commits may be lost.
enum class StopMode { fast, immediate };

class Cluster {
 public:
  // Finds the binaries, creates the directory, runs initdb, starts the server and waits until it
  // accepts connections. Everything created is removed again if this throws.
  [[nodiscard]] static Cluster start(const ClusterOptions& options = {});

  Cluster(Cluster&& other) noexcept;
  Cluster& operator=(Cluster&& other) noexcept;
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;
  // Immediate shutdown, then the directory is removed. Never throws.
  ~Cluster();

  // libpq URI of a database of this cluster, e.g.
  // postgresql:///postgres?host=%2Ftmp%2Frecon-pg-abc123&port=5432&user=postgres
  [[nodiscard]] std::string url(std::string_view dbname = "postgres") const;

  [[nodiscard]] const std::filesystem::path& socket_dir() const { return dir_; }  // the temp dir
  [[nodiscard]] std::filesystem::path data_dir() const { return dir_ / "data"; }
  [[nodiscard]] std::filesystem::path log_file() const { return dir_ / "server.log"; }
  [[nodiscard]] const std::filesystem::path& bindir() const { return bindir_; }
  [[nodiscard]] int port() const { return port_; }
  // Pid of the postmaster, or -1 while the server is stopped.
  [[nodiscard]] pid_t server_pid() const { return server_pid_; }
  [[nodiscard]] bool running() const { return server_pid_ > 0; }

  // Stops the server (the data directory stays). No-op if it is not running.
  void stop_server(StopMode mode = StopMode::fast);
  // Starts the server on the existing data directory and waits until it accepts connections.
  void start_server();
  // stop_server(mode) then start_server().
  void restart(StopMode mode = StopMode::fast);

 private:
  Cluster() = default;
  void release() noexcept;
  void create_dir(const std::filesystem::path& root);
  void write_owner_file() const;
  void init_data_dir(const std::filesystem::path& initdb_cache);
  void run_initdb(const std::vector<std::string>& args);
  [[nodiscard]] SpawnSpec child_spec(const char* program, int log_fd, int death_signal) const;
  [[nodiscard]] std::vector<std::string> server_args() const;
  void wait_until_accepting(const std::filesystem::path& program);

  std::filesystem::path dir_;
  std::filesystem::path bindir_;
  int port_ = 5432;
  pid_t server_pid_ = -1;
  int slot_ = -1;  // index in the signal-cleanup registry (cleanup_registry.hpp)
  // The user that runs the server when recon runs as root (server_user.hpp).
  std::optional<Credentials> server_user_;
  std::vector<std::string> extra_server_args_;
  std::chrono::milliseconds startup_timeout_{30'000};
};

}  // namespace recon::pg
