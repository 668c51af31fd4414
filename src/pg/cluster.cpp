#include "pg/cluster.hpp"

#include <libpq-fe.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "pg/binaries.hpp"
#include "pg/cleanup_registry.hpp"
#include "pg/cluster_owner.hpp"
#include "pg/conninfo.hpp"
#include "pg/initdb_cache.hpp"
#include "pg/server_user.hpp"
#include "pg/stale_sweep.hpp"

namespace recon::pg {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

fs::path default_temp_root() {
  const char* tmp = std::getenv("TMPDIR");
  if (tmp != nullptr && *tmp != '\0') return tmp;
  return "/tmp";
}

const std::vector<std::string>& initdb_args() {
  static const std::vector<std::string> args = {"-N", "--auth=trust", "-U",        kServerUser,
                                                "-E", "UTF8",         "--locale=C"};
  return args;
}

}  // namespace

Cluster Cluster::start(const ClusterOptions& options) {
  install_cleanup_signal_handlers();

  Cluster c;  // from the moment dir_ is set, c's destructor undoes everything if we throw
  c.bindir_ = find_bindir(options.bindir_candidates);
  c.port_ = options.port;
  c.extra_server_args_ = options.extra_server_args;
  c.startup_timeout_ = options.startup_timeout;
  if (geteuid() == 0) c.server_user_ = server_user_credentials();

  const fs::path root = options.temp_root.empty() ? default_temp_root() : options.temp_root;
  if (options.sweep_stale) sweep_stale_clusters(root);
  c.create_dir(root);
  c.init_data_dir(options.initdb_cache);
  return c;
}

// The recon-pg-XXXXXX directory, registered for clean-up on signals, with its owner file, owned
// by the server user.
void Cluster::create_dir(const fs::path& root) {
  std::string templ = (root / (std::string(kClusterDirPrefix) + "XXXXXX")).string();
  if (mkdtemp(templ.data()) == nullptr) {
    throw ClusterError(
        fmt::format("cannot create a temporary directory {}: {} (set TMPDIR to a "
                    "writable directory)",
                    templ, errno_text(errno)));
  }
  dir_ = templ;
  slot_ = register_cleanup_dir(dir_);
  write_owner_file();

  const std::string socket = (dir_ / fmt::format(".s.PGSQL.{}", port_)).string();
  if (socket.size() >= sizeof(sockaddr_un::sun_path)) {
    throw ClusterError(fmt::format(
        "the unix socket path {} is too long ({} bytes, at most {}): set TMPDIR to a shorter "
        "directory, such as /tmp",
        socket, socket.size(), sizeof(sockaddr_un::sun_path) - 1));
  }

  if (server_user_ && chown(dir_.c_str(), server_user_->uid, server_user_->gid) != 0) {
    throw ClusterError(fmt::format("cannot chown {} to the {} user: {}", dir_.string(), kServerUser,
                                   errno_text(errno)));
  }
}

void Cluster::write_owner_file() const {
  std::ofstream owner(dir_ / "owner.pid");
  owner << format_owner(current_owner());
  if (!owner.flush()) {
    throw ClusterError(fmt::format("cannot write {}", (dir_ / "owner.pid").string()));
  }
}

// initdb, or a copy of a data directory it made before (initdb_cache.hpp); then the server.
void Cluster::init_data_dir(const fs::path& cache) {
  const std::string key = cache.empty() ? "" : initdb_key(bindir_, initdb_args());
  std::optional<Owner> owner;
  if (server_user_) owner = Owner{server_user_->uid, server_user_->gid};
  const bool restored = !cache.empty() && restore_initialized(cache, key, data_dir(), owner);
  if (!restored) {
    run_initdb(initdb_args());
    if (!cache.empty()) keep_initialized(cache, key, data_dir());
  }
  try {
    start_server();
  } catch (const ClusterError&) {
    if (!restored) throw;
    // The kept copy does not start (damaged, or from another build): initdb as without it.
    forget_initialized(cache, key);
    fs::remove_all(data_dir());
    run_initdb(initdb_args());
    keep_initialized(cache, key, data_dir());
    start_server();
  }
}

SpawnSpec Cluster::child_spec(const char* program, int log_fd, int death_signal) const {
  SpawnSpec spec;
  spec.program = bindir_ / program;
  spec.output_fd = log_fd;
  spec.cwd = dir_;
  spec.drop_privileges = server_user_.has_value();
  if (server_user_) spec.creds = *server_user_;
  spec.parent_death_signal = death_signal;
  return spec;
}

void Cluster::run_initdb(const std::vector<std::string>& args) {
  const fs::path initdb_log = dir_ / "initdb.log";
  FdCloser log{open_log(initdb_log, true)};
  SpawnSpec spec = child_spec("initdb", log.fd, SIGKILL);
  spec.args = {"-D", data_dir().string()};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  pid_t initdb = spawn(spec);
  set_cleanup_child(slot_, initdb, SIGKILL);
  int status = wait_child(initdb);
  set_cleanup_child(slot_, -1);
  if (status != 0) {
    throw ClusterError(fmt::format("initdb ({}) failed: {}; last lines of its output:\n{}",
                                   spec.program.string(), describe_status(status),
                                   file_tail(initdb_log)));
  }
}

std::vector<std::string> Cluster::server_args() const {
  std::vector<std::string> args = {
      "-D", data_dir().string(), "-k", dir_.string(), "-p", std::to_string(port_),
      // unix socket only, and durability off: this is a scratch server
      "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
      "full_page_writes=off", "-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c",
      "max_connections=100", "-c", "shared_buffers=32MB",
      // plans may create thousands of tables in one transaction
      "-c", "max_locks_per_transaction=512",
      // no background work that could make tests nondeterministic or slow
      "-c", "autovacuum=off", "-c", "jit=off", "-c", "unix_socket_permissions=0700"};
  args.insert(args.end(), extra_server_args_.begin(), extra_server_args_.end());
  return args;
}

void Cluster::start_server() {
  if (running()) return;
  if (dir_.empty()) throw ClusterError("start_server() on a moved-from Cluster");
  FdCloser log{open_log(log_file(), false)};
  SpawnSpec spec = child_spec("postgres", log.fd, SIGQUIT);
  spec.args = server_args();
  server_pid_ = spawn(spec);
  set_cleanup_child(slot_, server_pid_, SIGQUIT);
  wait_until_accepting(spec.program);
}

// Polls until the server accepts connections; throws, with the end of its log, if it stops or
// the startup timeout passes first.
void Cluster::wait_until_accepting(const fs::path& program) {
  const std::string conninfo =
      fmt::format("host={} port={} user={} dbname=postgres connect_timeout=5", dir_.string(), port_,
                  kServerUser);
  const auto deadline = std::chrono::steady_clock::now() + startup_timeout_;
  while (true) {
    int wstatus = 0;
    pid_t r = waitpid(server_pid_, &wstatus, WNOHANG);
    if (r == server_pid_) {
      set_cleanup_child(slot_, -1);
      server_pid_ = -1;
      throw ClusterError(fmt::format(
          "the PostgreSQL server ({}) stopped while starting: {}; last lines of {}:\n{}",
          program.string(), describe_status(wstatus), log_file().string(), file_tail(log_file())));
    }
    if (PQping(conninfo.c_str()) == PQPING_OK) return;
    if (std::chrono::steady_clock::now() >= deadline) {
      stop_server(StopMode::immediate);
      throw ClusterError(fmt::format(
          "the PostgreSQL server did not accept connections within {} ms; last lines of {}:\n{}",
          startup_timeout_.count(), log_file().string(), file_tail(log_file())));
    }
    std::this_thread::sleep_for(3ms);
  }
}

void Cluster::stop_server(StopMode mode) {
  if (server_pid_ <= 0) return;
  const pid_t pid = server_pid_;
  server_pid_ = -1;
  set_cleanup_child(slot_, -1);
  kill(pid, mode == StopMode::fast ? SIGINT : SIGQUIT);
  wait_child_or_kill(pid, mode == StopMode::fast ? 30s : 5s);
}

void Cluster::restart(StopMode mode) {
  stop_server(mode);
  start_server();
}

std::string Cluster::url(std::string_view dbname) const {
  return fmt::format("postgresql:///{}?host={}&port={}&user={}", percent_encode(dbname),
                     percent_encode(dir_.string()), port_, kServerUser);
}

void Cluster::release() noexcept {
  try {
    stop_server(StopMode::immediate);
  } catch (...) {
  }
  unregister_cleanup_dir(slot_);
  slot_ = -1;
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    dir_.clear();
  }
}

Cluster::~Cluster() {
  release();
}

Cluster::Cluster(Cluster&& other) noexcept
    : dir_(std::exchange(other.dir_, {})),
      bindir_(std::move(other.bindir_)),
      port_(other.port_),
      server_pid_(std::exchange(other.server_pid_, -1)),
      slot_(std::exchange(other.slot_, -1)),
      server_user_(std::move(other.server_user_)),
      extra_server_args_(std::move(other.extra_server_args_)),
      startup_timeout_(other.startup_timeout_) {}

Cluster& Cluster::operator=(Cluster&& other) noexcept {
  if (this != &other) {
    release();
    dir_ = std::exchange(other.dir_, {});
    bindir_ = std::move(other.bindir_);
    port_ = other.port_;
    server_pid_ = std::exchange(other.server_pid_, -1);
    slot_ = std::exchange(other.slot_, -1);
    server_user_ = std::move(other.server_user_);
    extra_server_args_ = std::move(other.extra_server_args_);
    startup_timeout_ = other.startup_timeout_;
  }
  return *this;
}

}  // namespace recon::pg
