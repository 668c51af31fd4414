// The steps of read_chain (revision_chain.hpp): reading the plan directory, reading each file
// named like a revision, then the checks across files (forks, numbering, parent links). Each
// adds what it finds to `problems`; the checks across files read no file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plan/revision_chain.hpp"
#include "run/revision.hpp"

namespace recon::chain {

using Problems = std::vector<ChainProblem>;

// One file named like a revision, parsed or not.
struct Entry {
  int number = 0;  // from the file's name
  std::filesystem::path path;
  std::optional<Revision> revision;  // empty when it did not parse
  bool in_fork = false;              // reported as a fork: its links are not checked
};

// The .sql files of plans_dir that are regular files, sorted by name; nullopt (with a
// "malformed" problem) when the directory is not one or cannot be listed. A missing directory
// has no files.
std::optional<std::vector<std::filesystem::path>> plan_files(const std::filesystem::path& plans_dir,
                                                             Problems& problems);

// One plan file: nullopt for a name not like a revision ("stray"); otherwise the entry, with
// "malformed" (unreadable, does not parse, renamed), "edited" and "foreign" problems noted.
std::optional<Entry> read_entry(const std::filesystem::path& file, const std::string& project,
                                const std::string& schema, Problems& problems);

// Two entries with one number, or two revisions planned from one parent: "fork" problems, and
// the entries marked in_fork.
void find_forks(std::vector<Entry>& entries, const std::string& project, Problems& problems);

// Numbering from 0001 without gaps ("gap") and each revision naming the one before it by
// number and checksum ("broken-link"). `entries` sorted by number, forks already found.
void check_links(const std::vector<Entry>& entries, Problems& problems);

}  // namespace recon::chain
