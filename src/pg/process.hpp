#pragma once

// Running the server programs (initdb, postgres) as children: fork and exec with everything
// prepared before the fork, waiting for them, and what their exit and their logs say.

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace recon::pg {

// The identity a child switches to before exec (see server_user.hpp).
struct Credentials {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
};

// What a child needs; everything is prepared before fork so that the child only makes
// async-signal-safe calls.
struct SpawnSpec {
  std::filesystem::path program;
  std::vector<std::string> args;  // argv[1..]
  int output_fd = -1;             // becomes stdout and stderr
  std::filesystem::path cwd;
  bool drop_privileges = false;
  Credentials creds;
  int parent_death_signal = 0;  // 0: none
};

// Starts the child in a process group of its own, with stdin from /dev/null, no other inherited
// file, the default action for the signals the cleanup handlers catch, and, when asked, the
// credentials and parent-death signal of `spec`. A child that cannot get there exits with 127
// after writing "recon: <what>: <reason>" to its output. Throws ClusterError if fork fails.
pid_t spawn(const SpawnSpec& spec);

// Waits for a child of ours; returns its status (-1 on error). Retries on EINTR.
int wait_child(pid_t pid);

// Waits up to `timeout` for child `pid`, then SIGKILLs it. Returns its status.
int wait_child_or_kill(pid_t pid, std::chrono::milliseconds timeout);

// A wait status in words: "exit code 3", "killed by signal 9 (Killed)".
std::string describe_status(int status);

// strerror(err) as a string.
std::string errno_text(int err);

// Opens a child's log for writing (truncated, or appended to); throws ClusterError if it cannot.
int open_log(const std::filesystem::path& file, bool truncate);

// Closes a file descriptor at the end of a scope.
struct FdCloser {
  int fd;
  ~FdCloser();
};

// The last `max_lines` lines of a log, indented for messages (or why there are none).
std::string file_tail(const std::filesystem::path& file, std::size_t max_lines = 20);

}  // namespace recon::pg
