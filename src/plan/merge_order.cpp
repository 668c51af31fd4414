#include "plan/merge_order.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>

#include <map>
#include <sstream>

namespace recon::plan {
namespace {

// git's standard output, or nothing when it cannot run or exits non-zero.
std::optional<std::string> git(const std::filesystem::path& root, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", root.string()});
  // Built before fork(): the child only calls what is safe between fork and exec.
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return std::nullopt;
  const int quiet = ::open("/dev/null", O_WRONLY | O_CLOEXEC);  // "not a git repository"...
  const pid_t pid = ::fork();
  if (pid < 0) {
    if (quiet >= 0) ::close(quiet);
    ::close(out[0]);
    ::close(out[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    if (quiet >= 0) ::dup2(quiet, STDERR_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execvp("git", argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  if (quiet >= 0) ::close(quiet);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return text;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// As git -C root reads a path: relative to root (an absolute path through a symbolic link
// would be outside the work tree for git).
std::string relative_to(const std::filesystem::path& file, const std::filesystem::path& root) {
  return std::filesystem::absolute(file)
      .lexically_relative(std::filesystem::absolute(root))
      .string();
}

}  // namespace

std::optional<MergedFirst> merged_first(const std::filesystem::path& root,
                                        const std::vector<std::filesystem::path>& files) {
  // The branch's first-parent line, newest first: a larger position is an older commit.
  const auto line = git(root, {"rev-list", "--first-parent", "HEAD"});
  if (!line) return std::nullopt;
  std::map<std::string, std::size_t> position;
  for (const auto& commit : lines(*line)) position.emplace(commit, position.size());
  std::optional<MergedFirst> best;
  std::size_t best_position = 0;
  bool tie = false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    // Revision files are immutable: the oldest commit touching one on the line brought it.
    const auto touched =
        git(root, {"log", "--first-parent", "--format=%H", "--", relative_to(files[i], root)});
    if (!touched) return std::nullopt;
    const auto commits = lines(*touched);
    if (commits.empty()) continue;  // not committed: merged last
    const auto found = position.find(commits.back());
    if (found == position.end()) continue;
    if (best && found->second == best_position) tie = true;
    if (!best || found->second > best_position) {
      best = MergedFirst{i, commits.back().substr(0, 12)};
      best_position = found->second;
      tie = false;
    }
  }
  if (tie) return std::nullopt;
  return best;
}

}  // namespace recon::plan
