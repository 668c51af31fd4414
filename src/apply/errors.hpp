// How the apply stage fails. The CLI maps each to its exit code (cli/exit_codes.hpp).
#pragma once

#include <stdexcept>

namespace recon::apply {

// recon would not start: the database is not in the state the revisions expect (drift), an
// applied revision was edited or is missing, a hazard was not allowed, the lock is held...
// Nothing was changed. Exit code `refused` (4).
class Refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Something failed while applying (a step, the target check, the connection): the revision
// that was running was rolled back. Exit code `error` (1).
class Failed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace recon::apply
