// The plan stage's entry point: for each project, the difference between its declaration
// and the state its revisions reach (or a live database), ordered, checked on the dev
// server, and made into the next revision.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "declare/declare.hpp"
#include "pg/dev_server.hpp"
#include "plan/cache.hpp"
#include "plan/hand_written.hpp"
#include "plan/order.hpp"
#include "plan/revision_chain.hpp"
#include "run/revision.hpp"

namespace recon::plan {

struct Request {
  std::filesystem::path root;          // workspace: schemas/ and plans/
  std::vector<std::string> projects;   // empty: all
  std::optional<std::string> message;  // -m: the revision's slug
  std::optional<std::string> dev_url;  // else the embedded throwaway cluster
  // Take in what was changed on this database outside recon (a revision from the state the
  // revisions reach to its live state, recorded there without running), then plan from it.
  std::optional<std::string> live_url;
  // recon revert: plan toward the state revision N reaches instead of the declaration.
  std::optional<int> revert_to;
  // --online: overrides each project's `online` (true: the online forms on existing tables).
  std::optional<bool> online;
  // recon plan --with: SQL of the user's own in the next revision (plan/hand_written.hpp), of
  // the one project requested.
  std::vector<HandWritten> hand_written;
};

struct ProjectPlan {
  declare::Project project;
  Chain chain;
  Catalog source;   // the state the plan starts from
  Catalog desired;  // the declaration, normalized
  OrderedChanges ordered;
  Revision revision;  // the next revision; meaningful when has_changes()
  // With Request::live_url, when the live schema is not in the state the revisions reach: the
  // revision before `revision` that takes the live state in (planned-from database, so that
  // apply records it without running it where the schema is already in its target state).
  std::optional<Revision> take_in;
  // Said on stderr: what went wrong on the way without changing the plan (a recon bug).
  std::vector<std::string> warnings;

  bool has_changes() const { return !ordered.changes.empty(); }
  // The revisions to write, in order: the take-in, then the next revision.
  std::vector<const Revision*> new_revisions() const;
};

// Throws InputError for invalid declarations or broken chains, std::runtime_error when the
// dev server cannot be used. Reads the snapshots and normalized forms `cache` holds, and saves
// new ones when it is writable (a real plan; read-only for plan --check, status, graph).
std::vector<ProjectPlan> make_plans(const Request& request, const Cache& cache);
// The same on a dev server the caller already has (request.dev_url is then not used).
std::vector<ProjectPlan> make_plans(const Request& request, pg::DevServer& dev, const Cache& cache);

// plans/<project>
std::filesystem::path plans_dir(const std::filesystem::path& root, const std::string& project);

}  // namespace recon::plan
