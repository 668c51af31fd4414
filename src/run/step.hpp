// A Step is one unit of a plan as the runner sends it: a summary for people, the SQL, its
// hazards, and whether it may run inside a transaction.
#pragma once

#include <string>
#include <vector>

#include "run/hazard.hpp"

namespace recon {

struct Step {
  std::string summary;  // Terraform-style: "+ table todos", "~ column todos.done: set not null"
  std::string sql;      // one or more statements, each ending with ';'
  std::vector<Hazard> hazards;
  bool transactional = true;  // false: runs outside the revision's transaction, alone
  // The lock the step takes on tables that exist before it, and how long it holds it:
  // "SHARE UPDATE EXCLUSIVE on todos for the whole build (reads and writes go on)". Empty when
  // the step only touches objects the revision creates (or planned before recon said).
  std::string lock;

  bool operator==(const Step&) const = default;
};

}  // namespace recon
