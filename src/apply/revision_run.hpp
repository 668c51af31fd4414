// What applying one revision needs to know besides its steps: where, what an earlier run left,
// and how to wait for locks.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "introspect/introspect.hpp"

#include "apply/step_monitor.hpp"
#include "apply/version_table.hpp"
#include "run/revision.hpp"

namespace recon::apply {

struct RevisionRun {
  std::string project;
  std::string schema;
  introspect::Options introspection;  // as the project's declaration governs its schema
  const Revision* revision = nullptr;
  // The revision's 'partial' row, when an earlier run was interrupted: resume after its steps.
  std::optional<AppliedRevision> partial;
  // Whether "<schema>".recon_revisions exists (else the first transaction creates it).
  bool version_table_exists = false;
  // The session's lock_timeout (set by apply; for the messages), and how many times a unit
  // whose lock wait timed out runs again.
  std::chrono::milliseconds lock_timeout{0};
  int lock_retries = 0;
  // Watches long statements (progress, lock waits); none: steps show no progress while they run,
  // and a lock timeout cannot name who held the lock.
  StepMonitor* monitor = nullptr;
};

}  // namespace recon::apply
