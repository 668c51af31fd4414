#include "plan/revision_chain.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "catalog/diagnostic.hpp"
#include "plan/revision_file.hpp"

namespace recon {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxSlug = 60;
// After a merge of two branches that each planned a revision: the way out is a command.
std::string fork_fix(const std::string& project) {
  return "two revisions were planned from the same parent, likely in parallel pull requests "
         "merged together: `recon rebase " +
         project +
         "` keeps the one merged first (or, with --db, the one that database has applied) and "
         "plans the other again on top of it";
}

std::string number_text(int n) {
  std::string digits = std::to_string(n);
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  return digits;
}

std::string shown(const fs::path& path) {
  return path.string();
}

// One file named like a revision, parsed or not.
struct Entry {
  int number = 0;
  fs::path path;
  std::optional<Revision> revision;  // empty when it did not parse
  bool in_fork = false;
};

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(out).str();
}

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
      shown(existing) +
      " already exists: revisions are immutable once planned (one may already be applied "
      "somewhere), recon never replaces one; if it is yours and unmerged, delete it and run "
      "`recon plan` again");
}

// Moves tmp to target unless target exists (atomically where the file system allows it).
void publish(const fs::path& tmp, const fs::path& target) {
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) throw_exists(target);
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    throw_errno("cannot rename " + shown(tmp) + " to", target);
  // No RENAME_NOREPLACE here: a hard link fails when the target exists.
  if (::link(tmp.c_str(), target.c_str()) == 0) {
    ::unlink(tmp.c_str());
    return;
  }
  if (errno == EEXIST) throw_exists(target);
  if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP)
    throw_errno("cannot link " + shown(tmp) + " to", target);
  // No hard links either: the best left is to check, then rename.
  if (fs::exists(target)) throw_exists(target);
  fs::rename(tmp, target);
}

}  // namespace

std::string revision_file_name(int number, std::string_view slug) {
  return number_text(number) + "_" + std::string(slug) + ".sql";
}

std::optional<std::pair<int, std::string>> parse_revision_file_name(std::string_view name) {
  constexpr std::string_view ext = ".sql";
  if (name.size() <= ext.size() || name.substr(name.size() - ext.size()) != ext)
    return std::nullopt;
  name.remove_suffix(ext.size());
  std::size_t i = 0;
  long long number = 0;
  while (i < name.size() && name[i] >= '0' && name[i] <= '9') {
    if (i >= 9) return std::nullopt;
    number = number * 10 + (name[i] - '0');
    ++i;
  }
  if (i < 4 || number < 1 || i >= name.size() || name[i] != '_') return std::nullopt;
  const std::string_view slug = name.substr(i + 1);
  if (slug.empty()) return std::nullopt;
  for (char c : slug)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return std::nullopt;
  return std::pair<int, std::string>(static_cast<int>(number), std::string(slug));
}

std::string make_slug(std::string_view message) {
  std::string slug;
  bool pending_separator = false;
  for (const char ch : message) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) continue;  // non-ASCII: dropped
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      pending_separator = !slug.empty();
      continue;
    }
    if (pending_separator) {
      if (slug.size() + 1 >= kMaxSlug) break;
      slug.push_back('_');
      pending_separator = false;
    }
    if (slug.size() >= kMaxSlug) break;
    slug.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return slug.empty() ? "change" : slug;
}

std::optional<std::string> peek_last_target(const fs::path& plans_dir) {
  std::error_code ec;
  std::optional<std::pair<int, fs::path>> last;
  for (fs::directory_iterator it(plans_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = parse_revision_file_name(it->path().filename().string());
    if (name && (!last || name->first > last->first)) last = {name->first, it->path()};
  }
  if (!last) return std::nullopt;
  std::ifstream in(last->second, std::ios::binary);
  const std::string_view key = "-- target: ";
  std::string line;
  for (int n = 0; n < 16 && std::getline(in, line); ++n)
    if (line.rfind(key, 0) == 0) return line.substr(key.size());
  return std::nullopt;
}

Chain read_chain(const fs::path& plans_dir, const std::string& project, const std::string& schema) {
  Chain chain;
  chain.project = project;
  const auto problem = [&](std::string kind, const fs::path& file, std::string message) {
    chain.problems.push_back(ChainProblem{std::move(kind), file, std::move(message)});
  };

  std::error_code ec;
  const auto status = fs::status(plans_dir, ec);
  if (status.type() == fs::file_type::not_found) return chain;
  if (ec || !fs::is_directory(status)) {
    problem("malformed", plans_dir,
            shown(plans_dir) + ": not a readable directory" +
                (ec ? ": " + ec.message() : std::string()));
    return chain;
  }

  std::vector<fs::path> files;
  for (fs::directory_iterator it(plans_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->path().extension() == ".sql" && it->is_regular_file(type_ec))
      files.push_back(it->path());
  }
  if (ec) {
    problem("malformed", plans_dir, shown(plans_dir) + ": cannot list: " + ec.message());
    return chain;
  }
  std::sort(files.begin(), files.end());

  std::vector<Entry> entries;
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    const auto parsed_name = parse_revision_file_name(name);
    if (!parsed_name) {
      problem("stray", path,
              shown(path) +
                  ": not named like a revision (NNNN_<slug>.sql, slug in [a-z0-9_]): recon "
                  "keeps only its revisions here; move this file elsewhere");
      continue;
    }
    Entry entry;
    entry.number = parsed_name->first;
    entry.path = path;
    const auto text = read_file(path);
    if (!text) {
      problem("malformed", path, shown(path) + ": cannot read the file");
      entries.push_back(std::move(entry));
      continue;
    }
    try {
      Revision revision = parse_revision(*text, path);
      if (revision.number != parsed_name->first || revision.slug != parsed_name->second) {
        problem("malformed", path,
                shown(path) + ": its name does not match its header, which says revision " +
                    number_text(revision.number) + " '" + revision.slug + "' (" +
                    revision_file_name(revision.number, revision.slug) +
                    "): revision files must not be renamed");
      }
      if (!checksum_matches(*text)) {
        problem("edited", path,
                shown(path) +
                    ": edited after it was planned: its checksum does not match its content "
                    "(revisions are immutable: restore it from git, and plan a new revision "
                    "for further changes)");
      }
      if (revision.plan.project != project || revision.plan.schema != schema) {
        problem("foreign", path,
                shown(path) + ": planned for project '" +
                    escape_comment_text(revision.plan.project) + "' (schema '" +
                    escape_comment_text(revision.plan.schema) +
                    "'), but this directory holds project '" + escape_comment_text(project) +
                    "' (schema '" + escape_comment_text(schema) +
                    "'): was it copied from another project?");
      }
      entry.revision = std::move(revision);
    } catch (const InputError& e) {
      problem("malformed", path, shown(path) + ": not a valid revision file:\n" + e.what());
    }
    entries.push_back(std::move(entry));
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.number < b.number; });

  // Forks: the same number twice, or two revisions planned from the same parent.
  std::map<int, std::vector<Entry*>> by_number;
  std::map<std::pair<int, std::string>, std::vector<Entry*>> by_parent;
  for (auto& entry : entries) {
    by_number[entry.number].push_back(&entry);
    if (entry.revision)
      by_parent[{entry.revision->parent_number, entry.revision->parent_checksum}].push_back(&entry);
  }
  const auto report_fork = [&](const std::vector<Entry*>& group) {
    std::string names;
    for (std::size_t i = 0; i < group.size(); ++i) {
      names += i == 0 ? "" : (i + 1 == group.size() ? " and " : ", ");
      names += shown(group[i]->path);
      group[i]->in_fork = true;
    }
    problem("fork", group.back()->path, names + ": " + fork_fix(project));
  };
  for (const auto& [number, group] : by_number)
    if (group.size() > 1) report_fork(group);
  for (const auto& [parent, group] : by_parent)
    if (group.size() > 1 &&
        std::any_of(group.begin(), group.end(), [](const Entry* e) { return !e->in_fork; }))
      report_fork(group);

  // Gaps and links.
  int expected = 1;
  for (const auto& [number, group] : by_number) {
    if (number > expected) {
      const std::string missing =
          number == expected + 1
              ? "revision " + number_text(expected) + " is"
              : "revisions " + number_text(expected) + " to " + number_text(number - 1) + " are";
      problem("gap", group.front()->path,
              shown(group.front()->path) + ": " + missing +
                  " missing: revisions are numbered from 0001 without gaps (restore the "
                  "missing file from git)");
    }
    expected = number + 1;
    if (group.size() != 1 || !group.front()->revision || group.front()->in_fork) continue;
    const Entry& entry = *group.front();
    const Revision& r = *entry.revision;
    if (number == 1) {
      if (r.parent_number != 0)
        problem("broken-link", entry.path,
                shown(entry.path) + ": the first revision must have no parent, but it names " +
                    number_text(r.parent_number) + " " + r.parent_checksum);
      continue;
    }
    const auto previous = by_number.find(number - 1);
    if (previous == by_number.end() || previous->second.size() != 1 ||
        !previous->second.front()->revision)
      continue;  // the gap, fork or parse error is reported already
    const Entry& before = *previous->second.front();
    if (r.parent_number != number - 1) {
      problem("broken-link", entry.path,
              shown(entry.path) + ": its parent is " +
                  (r.parent_number == 0 ? std::string("none") : number_text(r.parent_number)) +
                  ", but the revision before it is " + shown(before.path.filename()));
    } else if (r.parent_checksum != before.revision->checksum) {
      problem("broken-link", entry.path,
              shown(entry.path) + ": its parent checksum " + r.parent_checksum +
                  " is not the checksum of " + shown(before.path.filename()) + " (" +
                  before.revision->checksum +
                  "): it was planned from another version of that revision; delete this "
                  "revision if it is unmerged and run `recon plan` again");
    }
  }

  for (auto& entry : entries)
    if (entry.revision) chain.revisions.push_back(std::move(*entry.revision));
  return chain;
}

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
