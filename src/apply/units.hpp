// Which statements of a revision run together: the units of work the executor runs in order
// (executor.hpp says why they are cut so). A revision whose steps are all transactional is one
// unit: its steps, the version table (created on first use), the target check and the
// version-table row. Otherwise each run of consecutive transactional steps is a unit that also
// records the progress in the 'partial' row, and each non-transactional step is a unit alone
// (outside any transaction), followed by a unit recording it; a resumed run starts after the
// steps its 'partial' row says are done.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "apply/revision_run.hpp"

namespace recon::apply {

// What a unit of work does, in order.
struct Action {
  enum class Kind {
    sql,           // a statement of recon's own
    search_path,   // the SET [LOCAL] search_path before a step (sent in the step's batch)
    step,          // the revision's step `step` (its SQL)
    check_target,  // compare the schema's fingerprint with the target (no SQL of its own)
    retry_index,   // drop an INVALID index left by an interrupted CREATE INDEX CONCURRENTLY
  };
  Kind kind = Kind::sql;
  std::string sql;
  std::size_t step = 0;  // 1-based
  std::string index;     // retry_index
};

// Statements run together: in one transaction, or alone outside any.
struct Unit {
  bool transaction = true;
  std::vector<Action> actions;
};

std::vector<Unit> plan_units(const RevisionRun& run);

}  // namespace recon::apply
