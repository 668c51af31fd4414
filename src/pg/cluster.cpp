#include "pg/cluster.hpp"
#include "pg/cluster_owner.hpp"
#include "pg/initdb_cache.hpp"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

#include <fmt/format.h>

namespace recon::pg {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr const char* kDirPrefix = "recon-pg-";
constexpr const char* kServerUser = "postgres";  // OS user when running as root, and DB superuser

// ---------------------------------------------------------------------------------------------
// Registry of live clusters for the signal handler. Fixed size, lock-free atomics only, so the
// handler can read it safely whatever the interrupted code was doing.

constexpr int kMaxClusters = 64;

struct Slot {
  std::atomic<int> state{0};   // 0 free, 1 being filled in, 2 live
  std::atomic<pid_t> pid{-1};  // child to stop (initdb or postmaster), -1 if none
  std::atomic<int> stop_signal{SIGQUIT};
  char dir[PATH_MAX]{};
};

static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<pid_t>::is_always_lock_free);

Slot g_slots[kMaxClusters];

int register_slot(const fs::path& dir) {
  const std::string& text = dir.native();
  if (text.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kMaxClusters; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slots[i].dir, text.c_str(), text.size() + 1);
      g_slots[i].pid.store(-1);
      g_slots[i].state.store(2);
      return i;
    }
  }
  return -1;  // full: this cluster is still removed by its destructor, just not on a signal
}

void set_slot_pid(int slot, pid_t pid, int stop_signal = SIGQUIT) {
  if (slot < 0) return;
  g_slots[slot].stop_signal.store(stop_signal);
  g_slots[slot].pid.store(pid);
}

void unregister_slot(int slot) {
  if (slot < 0) return;
  g_slots[slot].pid.store(-1);
  g_slots[slot].state.store(0);
}

// Async-signal-safe: waits for child `pid`, SIGKILLing it after ~5 s.
void reap_child_signal_safe(pid_t pid) {
  for (int i = 0; i < 500; ++i) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return;
    struct timespec ts = {0, 10'000'000};
    nanosleep(&ts, nullptr);
  }
  kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

// Async-signal-safe: rm -rf DIR through fork+execve. _Fork (unlike fork) runs no atfork
// handlers, so it cannot deadlock on a malloc lock held by the interrupted code.
void remove_dir_signal_safe(const char* dir) {
  pid_t pid = _Fork();
  if (pid == 0) {
    char rm[] = "rm";
    char rf[] = "-rf";
    char dashdash[] = "--";
    char* argv[] = {rm, rf, dashdash, const_cast<char*>(dir), nullptr};
    char* envp[] = {nullptr};
    execve("/bin/rm", argv, envp);
    _exit(127);
  }
  if (pid < 0) return;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

extern "C" void cleanup_signal_handler(int sig) {
  int saved_errno = errno;
  for (auto& slot : g_slots) {
    if (slot.state.load() != 2) continue;
    pid_t pid = slot.pid.exchange(-1);
    if (pid > 0) {
      kill(pid, slot.stop_signal.load());
      reap_child_signal_safe(pid);
    }
    remove_dir_signal_safe(slot.dir);
    slot.state.store(0);
  }
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
  errno = saved_errno;
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

std::string errno_text(int err) {
  return std::strerror(err);
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return fmt::format("exit code {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const char* name = strsignal(WTERMSIG(status));
    return fmt::format("killed by signal {} ({})", WTERMSIG(status), name ? name : "?");
  }
  return fmt::format("status {}", status);
}

// The last `max_lines` lines of a file (empty if it cannot be read), indented for messages.
std::string file_tail(const fs::path& file, std::size_t max_lines = 20) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "    (no log: " + file.string() + " could not be read)";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return "    (log is empty)";
  std::size_t pos = text.size();
  for (std::size_t n = 0; n < max_lines && pos != std::string::npos && pos > 0; ++n) {
    pos = text.rfind('\n', pos - 1);
  }
  std::string tail = (pos == std::string::npos || pos == 0) ? text : text.substr(pos + 1);
  std::string out;
  std::istringstream lines(tail);
  for (std::string line; std::getline(lines, line);) out += "    " + line + "\n";
  if (!out.empty()) out.pop_back();
  return out;
}

bool is_executable_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && access(p.c_str(), X_OK) == 0;
}

bool has_server_binaries(const fs::path& dir) {
  return is_executable_file(dir / "postgres") && is_executable_file(dir / "initdb");
}

// "15" -> {15}, "9.6" -> {9, 6}; nullopt if not a version number.
std::optional<std::vector<int>> parse_version(const std::string& name) {
  std::vector<int> parts;
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t j = i;
    int value = 0;
    while (j < name.size() && name[j] >= '0' && name[j] <= '9' && j - i < 6) {
      value = value * 10 + (name[j] - '0');
      ++j;
    }
    if (j == i) return std::nullopt;
    parts.push_back(value);
    if (j == name.size()) break;
    if (name[j] != '.') return std::nullopt;
    i = j + 1;
    if (i == name.size()) return std::nullopt;
  }
  if (parts.empty()) return std::nullopt;
  return parts;
}

std::optional<std::string> run_pg_config_bindir() {
  FILE* pipe = popen("pg_config --bindir 2>/dev/null", "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe) != nullptr) out += buf.data();
  int status = pclose(pipe);
  if (status != 0) return std::nullopt;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (out.empty()) return std::nullopt;
  return out;
}

fs::path default_temp_root() {
  const char* tmp = std::getenv("TMPDIR");
  if (tmp != nullptr && *tmp != '\0') return tmp;
  return "/tmp";
}

struct Credentials {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
};

Credentials lookup_server_user() {
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 16384);
  struct passwd pw {};
  struct passwd* result = nullptr;
  int err = 0;
  while ((err = getpwnam_r(kServerUser, &pw, buf.data(), buf.size(), &result)) == ERANGE) {
    buf.resize(buf.size() * 2);
  }
  if (result == nullptr) {
    throw ClusterError(fmt::format(
        "recon is running as root, and PostgreSQL refuses to run as root, so the scratch server "
        "must run as the '{}' OS user, but there is no such user{}.\n"
        "Fix: install the server with `apt-get install postgresql-15` (it creates the user), "
        "or run recon as an ordinary user,\n"
        "or pass --dev-url URL to use a PostgreSQL server you already run.",
        kServerUser, err != 0 ? " (" + errno_text(err) + ")" : ""));
  }
  Credentials creds;
  creds.uid = pw.pw_uid;
  creds.gid = pw.pw_gid;
  int n = 32;
  creds.groups.resize(static_cast<std::size_t>(n));
  while (getgrouplist(kServerUser, pw.pw_gid, creds.groups.data(), &n) < 0) {
    creds.groups.resize(static_cast<std::size_t>(n) + 32);
    n = static_cast<int>(creds.groups.size());
  }
  creds.groups.resize(static_cast<std::size_t>(n));
  return creds;
}

// What a child needs; everything is prepared before fork so that the child only makes
// async-signal-safe calls.
struct SpawnSpec {
  fs::path program;
  std::vector<std::string> args;  // argv[1..]
  int output_fd = -1;             // becomes stdout and stderr
  fs::path cwd;
  bool drop_privileges = false;
  Credentials creds;
  int parent_death_signal = 0;  // 0: none
};

void child_fail(const char* what) {
  const char* err = strerrordesc_np(errno);  // unlike strerror: no locale, no allocation
  if (err == nullptr) err = "unknown error";
  (void)!::write(STDERR_FILENO, "recon: ", 7);
  (void)!::write(STDERR_FILENO, what, strlen(what));
  (void)!::write(STDERR_FILENO, ": ", 2);
  (void)!::write(STDERR_FILENO, err, strlen(err));
  (void)!::write(STDERR_FILENO, "\n", 1);
  _exit(127);
}

pid_t spawn(const SpawnSpec& spec) {
  std::vector<std::string> argv_store;
  argv_store.push_back(spec.program.string());
  argv_store.insert(argv_store.end(), spec.args.begin(), spec.args.end());
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();

  int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull < 0) throw ClusterError("cannot open /dev/null: " + errno_text(errno));

  // Signals stay blocked from before fork until the child has dropped the cleanup handlers it
  // inherits: a signal in between would run them in the child, which would then stop every other
  // cluster of this process (and remove their directories) before exec.
  sigset_t all, before;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &before);
  pid_t pid = fork();
  if (pid != 0) pthread_sigmask(SIG_SETMASK, &before, nullptr);
  if (pid < 0) {
    int err = errno;
    close(devnull);
    throw ClusterError(
        fmt::format("cannot fork to run {}: {}", spec.program.string(), errno_text(err)));
  }
  if (pid == 0) {
    struct sigaction dfl = {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old = {};
      if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler != SIG_IGN)
        sigaction(sig, &dfl, nullptr);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (dup2(devnull, STDIN_FILENO) < 0) _exit(127);
    if (spec.output_fd >= 0) {
      if (dup2(spec.output_fd, STDOUT_FILENO) < 0 || dup2(spec.output_fd, STDERR_FILENO) < 0) {
        _exit(127);
      }
    }
    close_range(3, ~0U, 0);  // no inherited libpq sockets or other files in the server
    // Own process group: a terminal's Ctrl-C reaches recon, which stops the server itself.
    setpgid(0, 0);
    if (spec.drop_privileges) {
      if (setgroups(spec.creds.groups.size(), spec.creds.groups.data()) != 0)
        child_fail("setgroups");
      if (setgid(spec.creds.gid) != 0) child_fail("setgid");
      if (setuid(spec.creds.uid) != 0) child_fail("setuid");
    }
    // After the credential change, which clears the parent-death signal.
    if (spec.parent_death_signal != 0) {
      if (prctl(PR_SET_PDEATHSIG, spec.parent_death_signal) != 0) child_fail("prctl");
      if (getppid() != parent) _exit(1);  // the parent died before prctl
    }
    if (chdir(spec.cwd.c_str()) != 0) child_fail("chdir");
    execv(argv[0], argv.data());
    child_fail(argv[0]);
  }
  close(devnull);
  return pid;
}

// Waits for a child of ours; returns its status. Retries on EINTR.
int wait_child(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

// Waits up to `timeout` for child `pid`, then SIGKILLs it. Returns its status.
int wait_child_or_kill(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return -1;
    std::this_thread::sleep_for(2ms);
  }
  kill(pid, SIGKILL);
  return wait_child(pid);
}

int open_log(const fs::path& file, bool truncate) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND);
  int fd = open(file.c_str(), flags, 0644);
  if (fd < 0) {
    throw ClusterError(fmt::format("cannot create {}: {}", file.string(), errno_text(errno)));
  }
  return fd;
}

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) close(fd);
  }
};

// A process not our child: alive unless gone or a zombie.
bool process_alive(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto close_paren = line.rfind(')');
  return !(close_paren != std::string::npos && close_paren + 2 < line.size() &&
           line[close_paren + 2] == 'Z');
}

std::optional<pid_t> read_pid_file_line(const fs::path& file) {
  struct stat st {};
  if (lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(file);
  long value = 0;
  if (!(in >> value) || value <= 0 || value > INT_MAX) return std::nullopt;
  return static_cast<pid_t>(value);
}

// Stops a postmaster left running in `data_dir` by a dead recon process. Only signals a process
// whose working directory is that data directory (postgres chdirs there), so that a recycled pid
// is never hit.
void stop_orphan_postmaster(const fs::path& data_dir) {
  auto pid = read_pid_file_line(data_dir / "postmaster.pid");
  if (!pid) return;
  std::error_code ec;
  fs::path cwd = fs::read_symlink("/proc/" + std::to_string(*pid) + "/cwd", ec);
  if (ec) return;
  fs::path canonical = fs::weakly_canonical(data_dir, ec);
  if (ec || cwd != canonical) return;
  kill(*pid, SIGQUIT);
  for (int i = 0; i < 500 && process_alive(*pid); ++i) std::this_thread::sleep_for(10ms);
  if (process_alive(*pid)) {
    kill(*pid, SIGKILL);
    for (int i = 0; i < 200 && process_alive(*pid); ++i) std::this_thread::sleep_for(10ms);
  }
}

bool is_cluster_dir_name(const std::string& name) {
  const std::size_t prefix = std::strlen(kDirPrefix);
  if (name.size() != prefix + 6 || name.compare(0, prefix, kDirPrefix) != 0) return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

}  // namespace

// -----------------------------------------------------------------------------------------------

std::string percent_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string url_with_dbname(const std::string& conninfo, std::string_view dbname) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &err);
  if (options == nullptr) {
    std::string message = err != nullptr ? err : "out of memory";
    PQfreemem(err);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw ClusterError("invalid connection string: " + message);
  }
  // host, port and user first (the way Cluster::url writes them), then the rest in libpq's order.
  static constexpr std::array<std::string_view, 5> kFirst = {"host", "hostaddr", "port", "user",
                                                             "password"};
  auto rank = [](const char* keyword) {
    auto it = std::find(kFirst.begin(), kFirst.end(), keyword);
    return static_cast<std::size_t>(it - kFirst.begin());
  };
  std::vector<const PQconninfoOption*> set;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0' || std::strcmp(o->keyword, "dbname") == 0) continue;
    set.push_back(o);
  }
  std::stable_sort(set.begin(), set.end(),
                   [&](auto* a, auto* b) { return rank(a->keyword) < rank(b->keyword); });
  std::string url = "postgresql:///" + percent_encode(dbname);
  char sep = '?';
  for (const PQconninfoOption* o : set) {
    url += sep;
    url += o->keyword;
    url += '=';
    url += percent_encode(o->val);
    sep = '&';
  }
  PQconninfoFree(options);
  return url;
}

fs::path find_bindir(const ClusterOptions& options) {
  if (const char* env = std::getenv("RECON_PG_BINDIR"); env != nullptr && *env != '\0') {
    if (has_server_binaries(env)) return env;
    throw ClusterError(fmt::format(
        "RECON_PG_BINDIR={} does not contain the PostgreSQL server programs `postgres` and "
        "`initdb`.\n"
        "Fix: point RECON_PG_BINDIR at the directory that holds them (for example "
        "/usr/lib/postgresql/15/bin), or unset it to search the usual places; install the server "
        "with `apt-get install postgresql-15` if it is missing,\n"
        "or pass --dev-url URL to use a PostgreSQL server you already run.",
        env));
  }

  std::vector<std::string> searched;
  searched.emplace_back("$RECON_PG_BINDIR (not set)");
  if (!options.bindir_candidates.empty()) {
    searched.clear();
    searched.emplace_back("$RECON_PG_BINDIR (not set)");
    for (const auto& dir : options.bindir_candidates) {
      if (has_server_binaries(dir)) return dir;
      searched.push_back(dir.string());
    }
  } else {
    if (auto dir = run_pg_config_bindir()) {
      if (has_server_binaries(*dir)) return *dir;
      searched.push_back(
          fmt::format("`pg_config --bindir` ({}: no postgres and initdb there)", *dir));
    } else {
      searched.emplace_back("`pg_config --bindir` (no pg_config on PATH)");
    }
    std::vector<std::pair<std::vector<int>, fs::path>> versions;
    std::error_code ec;
    for (fs::directory_iterator it("/usr/lib/postgresql", ec), end; !ec && it != end;
         it.increment(ec)) {
      if (auto v = parse_version(it->path().filename().string())) {
        versions.emplace_back(*v, it->path() / "bin");
      }
    }
    std::sort(versions.begin(), versions.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [version, dir] : versions) {
      if (has_server_binaries(dir)) return dir;
    }
    searched.emplace_back(versions.empty()
                              ? "/usr/lib/postgresql/*/bin (no such directory)"
                              : "/usr/lib/postgresql/*/bin (none holds postgres and initdb)");
  }

  std::string list;
  for (const auto& s : searched) list += "  - " + s + "\n";
  throw ClusterError(fmt::format(
      "recon starts a scratch PostgreSQL server to plan against, but could not find the server "
      "programs `postgres` and `initdb`.\n"
      "Searched:\n{}"
      "Fix: install the server with `apt-get install postgresql-15` (or set RECON_PG_BINDIR to "
      "the directory that holds postgres and initdb),\n"
      "or pass --dev-url URL to use a PostgreSQL server you already run.",
      list));
}

void install_cleanup_signal_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old = {};
      if (sigaction(sig, nullptr, &old) != 0) continue;
      if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) continue;  // e.g. nohup
      struct sigaction sa = {};
      sa.sa_handler = cleanup_signal_handler;
      sigemptyset(&sa.sa_mask);
      sigaddset(&sa.sa_mask, SIGINT);
      sigaddset(&sa.sa_mask, SIGTERM);
      sigaddset(&sa.sa_mask, SIGHUP);
      sa.sa_flags = SA_RESTART;
      sigaction(sig, &sa, nullptr);
    }
  });
}

std::size_t sweep_stale_clusters(const fs::path& temp_root) {
  std::vector<fs::path> stale;
  std::error_code ec;
  for (fs::directory_iterator it(temp_root, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& dir = it->path();
    if (!is_cluster_dir_name(dir.filename().string())) continue;
    struct stat st {};
    if (lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    auto owner = read_owner(dir / "owner.pid");
    if (!owner || owner->pid == getpid() || !owner_is_gone(*owner)) continue;
    stale.push_back(dir);
  }
  std::size_t removed = 0;
  for (const auto& dir : stale) {
    stop_orphan_postmaster(dir / "data");
    std::error_code rm_ec;
    fs::remove_all(dir, rm_ec);
    if (!rm_ec) ++removed;
  }
  return removed;
}

// -----------------------------------------------------------------------------------------------

Cluster Cluster::start(const ClusterOptions& options) {
  install_cleanup_signal_handlers();

  Cluster c;  // from the moment dir_ is set, c's destructor undoes everything if we throw
  c.bindir_ = find_bindir(options);
  c.port_ = options.port;
  c.extra_server_args_ = options.extra_server_args;
  c.startup_timeout_ = options.startup_timeout;

  if (geteuid() == 0) {
    Credentials creds = lookup_server_user();
    c.run_as_ = true;
    c.uid_ = creds.uid;
    c.gid_ = creds.gid;
    c.groups_ = std::move(creds.groups);
  }

  const fs::path root = options.temp_root.empty() ? default_temp_root() : options.temp_root;
  if (options.sweep_stale) sweep_stale_clusters(root);

  std::string templ = (root / (std::string(kDirPrefix) + "XXXXXX")).string();
  if (mkdtemp(templ.data()) == nullptr) {
    throw ClusterError(
        fmt::format("cannot create a temporary directory {}: {} (set TMPDIR to a "
                    "writable directory)",
                    templ, errno_text(errno)));
  }
  c.dir_ = templ;
  c.slot_ = register_slot(c.dir_);

  {
    std::ofstream owner(c.dir_ / "owner.pid");
    owner << format_owner(current_owner());
    if (!owner.flush()) {
      throw ClusterError(fmt::format("cannot write {}", (c.dir_ / "owner.pid").string()));
    }
  }

  const std::string socket = (c.dir_ / fmt::format(".s.PGSQL.{}", c.port_)).string();
  if (socket.size() >= sizeof(sockaddr_un::sun_path)) {
    throw ClusterError(fmt::format(
        "the unix socket path {} is too long ({} bytes, at most {}): set TMPDIR to a shorter "
        "directory, such as /tmp",
        socket, socket.size(), sizeof(sockaddr_un::sun_path) - 1));
  }

  if (c.run_as_ && chown(c.dir_.c_str(), c.uid_, c.gid_) != 0) {
    throw ClusterError(fmt::format("cannot chown {} to the {} user: {}", c.dir_.string(),
                                   kServerUser, errno_text(errno)));
  }

  const std::vector<std::string> initdb_args = {"-N", "--auth=trust", "-U",        kServerUser,
                                                "-E", "UTF8",         "--locale=C"};
  const fs::path& cache = options.initdb_cache;
  const std::string key = cache.empty() ? "" : initdb_key(c.bindir_, initdb_args);
  std::optional<Owner> owner;
  if (c.run_as_) owner = Owner{c.uid_, c.gid_};
  const bool restored = !cache.empty() && restore_initialized(cache, key, c.data_dir(), owner);
  if (!restored) {
    c.run_initdb(initdb_args);
    if (!cache.empty()) keep_initialized(cache, key, c.data_dir());
  }
  try {
    c.start_server();
  } catch (const ClusterError&) {
    if (!restored) throw;
    // The kept copy does not start (damaged, or from another build): initdb as without it.
    forget_initialized(cache, key);
    fs::remove_all(c.data_dir());
    c.run_initdb(initdb_args);
    keep_initialized(cache, key, c.data_dir());
    c.start_server();
  }
  return c;
}

void Cluster::run_initdb(const std::vector<std::string>& args) {
  const fs::path initdb_log = dir_ / "initdb.log";
  FdCloser log{open_log(initdb_log, true)};
  SpawnSpec spec;
  spec.program = bindir_ / "initdb";
  spec.args = {"-D", data_dir().string()};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.output_fd = log.fd;
  spec.cwd = dir_;
  spec.drop_privileges = run_as_;
  spec.creds = {uid_, gid_, groups_};
  spec.parent_death_signal = SIGKILL;
  pid_t initdb = spawn(spec);
  set_slot_pid(slot_, initdb, SIGKILL);
  int status = wait_child(initdb);
  set_slot_pid(slot_, -1);
  if (status != 0) {
    throw ClusterError(fmt::format("initdb ({}) failed: {}; last lines of its output:\n{}",
                                   spec.program.string(), describe_status(status),
                                   file_tail(initdb_log)));
  }
}

void Cluster::start_server() {
  if (running()) return;
  if (dir_.empty()) throw ClusterError("start_server() on a moved-from Cluster");
  FdCloser log{open_log(log_file(), false)};

  SpawnSpec spec;
  spec.program = bindir_ / "postgres";
  spec.args = {"-D", data_dir().string(), "-k", dir_.string(), "-p", std::to_string(port_),
               // unix socket only, and durability off: this is a scratch server
               "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
               "full_page_writes=off", "-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c",
               "max_connections=100", "-c", "shared_buffers=32MB",
               // plans may create thousands of tables in one transaction
               "-c", "max_locks_per_transaction=512",
               // no background work that could make tests nondeterministic or slow
               "-c", "autovacuum=off", "-c", "jit=off", "-c", "unix_socket_permissions=0700"};
  spec.args.insert(spec.args.end(), extra_server_args_.begin(), extra_server_args_.end());
  spec.output_fd = log.fd;
  spec.cwd = dir_;
  spec.drop_privileges = run_as_;
  spec.creds = {uid_, gid_, groups_};
  spec.parent_death_signal = SIGQUIT;

  server_pid_ = spawn(spec);
  set_slot_pid(slot_, server_pid_, SIGQUIT);

  const std::string conninfo =
      fmt::format("host={} port={} user={} dbname=postgres connect_timeout=5", dir_.string(), port_,
                  kServerUser);
  const auto deadline = std::chrono::steady_clock::now() + startup_timeout_;
  while (true) {
    int wstatus = 0;
    pid_t r = waitpid(server_pid_, &wstatus, WNOHANG);
    if (r == server_pid_) {
      set_slot_pid(slot_, -1);
      server_pid_ = -1;
      throw ClusterError(fmt::format(
          "the PostgreSQL server ({}) stopped while starting: {}; last lines of {}:\n{}",
          spec.program.string(), describe_status(wstatus), log_file().string(),
          file_tail(log_file())));
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
  set_slot_pid(slot_, -1);
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
  unregister_slot(slot_);
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
      run_as_(other.run_as_),
      uid_(other.uid_),
      gid_(other.gid_),
      groups_(std::move(other.groups_)),
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
    run_as_ = other.run_as_;
    uid_ = other.uid_;
    gid_ = other.gid_;
    groups_ = std::move(other.groups_);
    extra_server_args_ = std::move(other.extra_server_args_);
    startup_timeout_ = other.startup_timeout_;
  }
  return *this;
}

}  // namespace recon::pg
