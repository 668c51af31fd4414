// A project's plan directory, plans/<project>/: its revision files NNNN_<slug>.sql, numbered
// from 0001 without gaps, each naming its parent (the revision before it) by number and
// checksum. read_chain reads them all and reports everything that breaks the chain;
// write_revision adds one, never replacing a file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "run/revision.hpp"

namespace recon {

// "0002_add_updated_at.sql": the number on 4 digits at least.
std::string revision_file_name(int number, std::string_view slug);

// The number and slug of a file named like a revision (digits, '_', [a-z0-9_]+, ".sql");
// nullopt for any other name.
std::optional<std::pair<int, std::string>> parse_revision_file_name(std::string_view name);

// A slug for a file name from a free-form message: lower-case ASCII letters and digits, every
// run of other ASCII characters made one '_' (none at either end), non-ASCII bytes dropped, at
// most 60 characters; "change" when nothing is left.
std::string make_slug(std::string_view message);

struct ChainProblem {
  // "edited"      the file's checksum does not match its content
  // "gap"         the numbering does not run from 0001 without holes
  // "broken-link" its parent is not the revision before it (number or checksum)
  // "fork"        two revisions with the same number, or planned from the same parent
  // "malformed"   the file does not parse, or its name does not match its header
  // "foreign"     its project or schema header is not this directory's
  // "stray"       a .sql file not named like a revision
  std::string kind;
  std::filesystem::path file;
  std::string message;  // for the user: starts with the file, says what to do when it can
};

struct Chain {
  std::string project;
  std::vector<Revision> revisions;  // every revision that parsed, by number then file name
  std::vector<ChainProblem> problems;

  bool ok() const { return problems.empty(); }
};

// Reads and verifies plans_dir, the directory of one project (plans/<project>). A missing
// directory is an empty chain, ok. Files that do not end with ".sql" are ignored.
Chain read_chain(const std::filesystem::path& plans_dir, const std::string& project,
                 const std::string& schema);

// The target fingerprint in the header of the highest-numbered revision in plans_dir, read
// without verifying anything: only a hint for work begun before the chain is read and checked.
std::optional<std::string> peek_last_target(const std::filesystem::path& plans_dir);

// Writes the revision as plans_dir/NNNN_<slug>.sql (creating plans_dir if needed), atomically:
// a temporary file in the same directory, fsync, then a rename that never replaces a file.
// Throws std::runtime_error when a revision with that number already exists there (whatever
// its slug), std::invalid_argument when the revision cannot be rendered, and
// std::filesystem::filesystem_error on I/O errors.
void write_revision(const std::filesystem::path& plans_dir, const Revision& revision);

}  // namespace recon
