// The projects of a workspace, as apply, status and history see them: a name, the schema its
// revisions target, the relations it ignores, and its verified chain of revisions.
//
// Projects are the names of schemas/NAME.toml, schemas/NAME/ and plans/NAME/. The schema comes
// from the revisions' `-- schema:` header (every revision carries it), else from the
// declaration; the ignored relations come from the declaration (a revision does not carry
// them). Loading a project never fails on its declaration (status shows a note); apply
// requires valid declarations first (require_valid_declarations).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "introspect/introspect.hpp"
#include "plan/revision_chain.hpp"

namespace recon::apply {

struct Project {
  std::string name;
  std::string schema;  // "" when neither revisions nor declaration name one
  // The live schema read as the declaration governs it: the relations it leaves alone, and
  // whether it governs privileges.
  introspect::Options introspection;
  std::filesystem::path plans_dir;                   // <root>/plans/<name>
  std::optional<std::filesystem::path> declaration;  // schemas/<name>.toml or schemas/<name>/
  Chain chain;                                       // read and verified (chain.ok())
  std::vector<std::string> notes;  // things the user should know (declaration problems, ...)
  // The declaration's [apply] settings (the command line's take precedence).
  std::optional<std::chrono::milliseconds> lock_timeout;
  std::optional<int> lock_retries;

  const Revision* revision(int number) const;  // nullptr when the chain has no such revision
  int head() const;                            // the last revision's number, 0 when none
};

// Every project name of the workspace, sorted.
std::vector<std::string> project_names(const std::filesystem::path& root);

// The project `name` of the workspace (which need not exist: then it has no revisions).
Project load_project(const std::filesystem::path& root, const std::string& name);

// The named projects in the order given, or every project in name order when `names` is
// empty. Throws recon::InputError for a name that is not a project of the workspace.
std::vector<Project> select_projects(const std::filesystem::path& root,
                                     const std::vector<std::string>& names);

// What apply requires of the working declarations, the same as `recon verify`: each of
// `projects` that has one loads without a problem, and its foreign keys into other projects'
// schemas name tables, columns and keys those declare. Throws InputError with every problem,
// each at its file:line:col: apply then refuses before it connects to the database (the
// declaration says which relations apply ignores and how long it waits for locks, so a
// broken one cannot be applied from).
void require_valid_declarations(const std::vector<Project>& projects);

// The other projects of the workspace whose relations `project`'s revisions name (cross-project
// foreign keys), transitively, referenced ones first: what a scratch database needs before
// `project`'s revisions can be replayed there.
std::vector<Project> prerequisites(const Project& project);

}  // namespace recon::apply
