// Hand-written steps: SQL of the user's own added to the next revision (`recon plan --with
// FILE.sql`), reviewed like the generated steps (hazard `hand-written`). Directives at the top
// of the file, before its first statement, say where it goes and how it runs:
//
//   -- recon: after + column users.status        after that step (its summary, as plans show it)
//   -- recon: before - column users.is_active    before that step
//   -- recon: not-transactional                  alone, outside the revision's transaction
//
// An anchor names a step by its whole summary, or by the part before ": " when only one step
// has it ("~ column users.status" for "~ column users.status: set not null"). Without an
// anchor the step runs after the generated steps it does not precede, and before them all,
// every column and table drop runs after hand-written steps (the SQL may read what they drop).
// Hand-written steps run in the order given. A NOT NULL column without default that a step is
// anchored after is added nullable and made NOT NULL after the step (expand, backfill,
// contract in one revision).
//
// The step's SQL is the file as written, directives included (without trailing blank lines):
// a revision holds all it takes to plan its hand-written steps again (rebase, plan --replace).
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/catalog.hpp"
#include "diff/change.hpp"
#include "run/revision.hpp"

namespace recon::plan {

struct Anchor {
  bool after = true;    // false: before
  std::string summary;  // "+ column users.status"
  SourceLocation where;
};

struct HandWritten {
  std::string name;  // the file's name, "backfill_status.sql": the step is "! sql <name>"
  std::string sql;
  std::vector<Anchor> anchors;
  bool transactional = true;
  SourceLocation where;
};

// Throws recon::InputError (file:line:column) for an unknown directive, an anchor without a
// step, a directive after the first statement, or a file without SQL.
HandWritten parse_hand_written(std::string_view text, const std::filesystem::path& file);
// parse_hand_written of the file's bytes; InputError when it cannot be read.
HandWritten read_hand_written(const std::filesystem::path& file);

// The hand-written steps of a planned revision, in order, as they were given.
std::vector<HandWritten> hand_written_steps(const Revision& revision);

// The new columns (table, column) declared NOT NULL without a default that a hand-written step
// runs after: diff::NullableFirst.
std::set<std::pair<std::string, std::string>> filled_in_columns(
    const std::vector<Change>& changes, const std::vector<HandWritten>& steps,
    const Catalog& desired);

// `changes` and the hand-written steps, with the keys that place them for order(). Throws
// recon::InputError naming the candidates when an anchor matches no step or several, or when
// two steps have the same name.
std::vector<Change> with_hand_written(std::vector<Change> changes,
                                      const std::vector<HandWritten>& steps);

}  // namespace recon::plan
