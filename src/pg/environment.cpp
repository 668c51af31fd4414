#include "pg/environment.hpp"

#include <cstdlib>

namespace recon::pg {

std::optional<std::string> environment_value(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace recon::pg
