// How the apply stage fails. The CLI maps each to its exit code (cli/exit_codes.hpp).
#pragma once

#include <stdexcept>
#include <string>

namespace recon::apply {

// recon would not start: the database is not in the state the revisions expect (drift), an
// applied revision was edited or is missing, a hazard was not allowed, the lock is held...
// Nothing was changed. Also: a step could not take its lock within --lock-timeout, however many
// times it was retried (the revision under way was rolled back). Exit code `refused` (4).
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

// A stop was requested (Ctrl-C, SIGTERM: apply/interrupt.hpp): the statement under way was
// cancelled and its transaction rolled back. The message says what stays done. Exit code
// 128 + signal.
class Interrupted : public std::runtime_error {
 public:
  Interrupted(int signal, const std::string& message)
      : std::runtime_error(message), signal_(signal) {}
  int signal() const { return signal_; }

 private:
  int signal_;
};

}  // namespace recon::apply
