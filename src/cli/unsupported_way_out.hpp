// What a user can do about an object that inspect cannot declare: by kind, the way to keep it
// (recon never drops it), to have new databases get it too, and to quiet the warning.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon::cli {

// One or more lines, each indented by two spaces, to print after the object's warning.
std::string unsupported_way_out(const UnsupportedObject& object);

// Whether the object's warning is quieted: the project ignores it by the name inspect reports
// (`ignore = ["todos.protect"]`), or ignores the relation it belongs to.
bool quieted(const UnsupportedObject& object, const std::vector<std::string>& ignored);

}  // namespace recon::cli
