// Writing a revision file into the plan directory: atomically, never over another revision.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <system_error>

#include "plan/revision_chain.hpp"
#include "plan/revision_file.hpp"

namespace recon {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void throw_errno(const std::string& what, const fs::path& path) {
  throw fs::filesystem_error(what, path, std::error_code(errno, std::generic_category()));
}

void write_all(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    const ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
}

void fsync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_errno("cannot open directory", dir);
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  // Some file systems cannot fsync a directory; the rename itself has happened.
  if (rc != 0 && saved != EINVAL && saved != ENOTSUP) {
    errno = saved;
    throw_errno("cannot fsync directory", dir);
  }
}

[[noreturn]] void throw_exists(const fs::path& existing) {
  throw std::runtime_error(
      existing.string() +
      " already exists: revisions are immutable once planned (one may already be applied "
      "somewhere), recon never replaces one; if it is yours and unmerged, delete it and run "
      "`recon plan` again");
}

// Moves tmp to target unless target exists (atomically where the file system allows it).
void publish(const fs::path& tmp, const fs::path& target) {
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) throw_exists(target);
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    throw_errno("cannot rename " + tmp.string() + " to", target);
  // No RENAME_NOREPLACE here: a hard link fails when the target exists.
  if (::link(tmp.c_str(), target.c_str()) == 0) {
    ::unlink(tmp.c_str());
    return;
  }
  if (errno == EEXIST) throw_exists(target);
  if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP)
    throw_errno("cannot link " + tmp.string() + " to", target);
  // No hard links either: the best left is to check, then rename.
  if (fs::exists(target)) throw_exists(target);
  fs::rename(tmp, target);
}

}  // namespace

void write_revision(const fs::path& plans_dir, const Revision& revision) {
  const std::string text = render_revision(revision);
  const std::string name = revision_file_name(revision.number, revision.slug);
  fs::create_directories(plans_dir);
  const fs::path target = plans_dir / name;

  // Refuse a second revision with the same number (a fork), whatever its slug.
  for (const auto& item : fs::directory_iterator(plans_dir)) {
    const auto other = parse_revision_file_name(item.path().filename().string());
    if (other && other->first == revision.number) throw_exists(item.path());
  }

  static std::atomic<unsigned> counter{0};
  const fs::path tmp = plans_dir / ("." + name + ".tmp-" + std::to_string(::getpid()) + "-" +
                                    std::to_string(counter.fetch_add(1)));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw_errno("cannot create", tmp);
  try {
    write_all(fd, text, tmp);
    if (::fsync(fd) != 0) throw_errno("cannot fsync", tmp);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    throw_errno("cannot close", tmp);
  }
  try {
    publish(tmp, target);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  fsync_directory(plans_dir);
}

}  // namespace recon
