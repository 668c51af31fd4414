// The roles a catalog names. Roles are cluster-wide: a project never creates or drops them.
#pragma once

#include <set>
#include <string>

#include "catalog/catalog.hpp"

namespace recon {

// The roles its tables' policies apply to, PUBLIC left out (it is no role).
inline std::set<std::string> roles_named(const Catalog& catalog) {
  std::set<std::string> out;
  for (const auto& [name, table] : catalog.tables)
    for (const auto& policy : table.policies)
      for (const auto& role : policy.roles)
        if (role != "public") out.insert(role);
  return out;
}

}  // namespace recon
