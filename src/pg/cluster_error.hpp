#pragma once

#include <stdexcept>

namespace recon::pg {

// Thrown when a cluster cannot be found, started or controlled. what() is meant for the user.
class ClusterError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace recon::pg
