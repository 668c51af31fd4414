// Reading recon's settings from the environment.
#pragma once

#include <optional>
#include <string>

namespace recon::pg {

// The value of an environment variable, or nothing when it is unset or empty (an empty
// variable is treated as unset, the way shells' `VAR= recon ...` is meant).
std::optional<std::string> environment_value(const char* name);

}  // namespace recon::pg
