#pragma once

// Fixtures for the apply tests: a temporary workspace, revisions built programmatically with
// correct fingerprints (their steps run on a scratch database, introspected before and after),
// and the recon binary run as a subprocess (RECON_BINARY, set by tests/meson.build).

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "apply/apply.hpp"
#include "run/revision.hpp"
#include "support/files.hpp"
#include "support/test_database.hpp"

namespace recon::testing {

// A workspace in a fresh temporary directory (schemas/ and plans/), removed at destruction.
class TempWorkspace {
 public:
  TempWorkspace();
  ~TempWorkspace();
  TempWorkspace(const TempWorkspace&) = delete;
  TempWorkspace& operator=(const TempWorkspace&) = delete;

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  [[nodiscard]] std::filesystem::path plans_dir(const std::string& project) const {
    return root_ / "plans" / project;
  }

 private:
  std::filesystem::path root_;
};

Step make_step(std::string summary, std::string sql, std::vector<Hazard> hazards = {},
               bool transactional = true);

// Writes the revisions of one project into a workspace, one at a time, computing each one's
// source and target fingerprints by running its steps on a scratch database.
class ChainBuilder {
 public:
  ChainBuilder(const TempWorkspace& workspace, std::string project, std::string schema);

  // Adds revision N+1; `tweak` may change it (a wrong target, say) before it is written.
  const Revision& add(const std::string& slug, std::vector<Step> steps,
                      const std::function<void(Revision&)>& tweak = {});

  [[nodiscard]] const std::vector<Revision>& revisions() const { return revisions_; }
  // The scratch database, in the state the last revision reaches.
  TestDatabase& scratch() { return scratch_; }

 private:
  std::filesystem::path plans_dir_;
  std::string project_;
  std::string schema_;
  TestDatabase scratch_;
  std::vector<Revision> revisions_;
};

// The fingerprint of `schema` on `conn`, as apply computes it.
std::string live_fingerprint(pqxx::connection& conn, const std::string& schema);

bool relation_exists(pqxx::connection& conn, const std::string& schema, const std::string& name);
bool column_exists(pqxx::connection& conn, const std::string& schema, const std::string& table,
                   const std::string& column);
// Rows of "<schema>".recon_revisions with state applied/baseline (0 when the table is absent).
int applied_count(pqxx::connection& conn, const std::string& schema);

// apply::apply_project on the workspace's project, silently.
apply::Result apply_now(const TempWorkspace& workspace, const TestDatabase& db,
                        const std::string& project, apply::Options options = {});

struct ProcessResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

// A command line: `head` then `tail`.
std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail);

// Path of the recon binary (RECON_BINARY); throws when it is not set.
std::string recon_binary();

// Runs recon with `args` (after --root ROOT --db URL given by the caller) and waits.
ProcessResult run_recon(const std::vector<std::string>& args);

// Starts recon with `args`, stdout and stderr to files under `dir`; returns its pid.
pid_t spawn_recon(const std::vector<std::string>& args, const std::filesystem::path& out,
                  const std::filesystem::path& err);
// Waits for `pid`; its exit code, or -1 when a signal ended it.
int wait_for(pid_t pid);

// Waits until no session with an application_name starting with `prefix` is left (a killed
// client's backend ends when it next reads from the socket).
void wait_for_sessions_to_end(pqxx::connection& conn, const std::string& prefix);

}  // namespace recon::testing
