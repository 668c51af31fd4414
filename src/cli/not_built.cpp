#include <fmt/core.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

namespace recon::cli {

int not_built_yet(const std::string& command, const std::string& issue) {
  fmt::print(stderr, "recon {}: not built yet (tracked in issue {})\n", command, issue);
  return exit_code::error;
}

}  // namespace recon::cli
