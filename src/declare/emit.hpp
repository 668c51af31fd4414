// The reverse of declare: a Catalog written as the TOML a person would write, for
// `recon inspect` (adopting an existing schema). Loading the output and normalizing it
// gives back the same catalog.
#pragma once

#include <string>

#include "catalog/catalog.hpp"

namespace recon::declare {

// Objects the declaration cannot express (catalog.unsupported) are listed in a comment at
// the top; callers also report them as warnings.
std::string emit_toml(const Catalog& catalog);

// A TOML basic string: "..." with escapes for quotes, backslashes and control characters.
std::string toml_string(const std::string& text);

}  // namespace recon::declare
