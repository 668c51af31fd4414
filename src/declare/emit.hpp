// The reverse of declare: a Catalog written as the TOML a person would write, for
// `recon inspect` (adopting an existing schema). Loading the output and normalizing it
// gives back the same catalog.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon::declare {

// Objects the declaration cannot express (catalog.unsupported) are listed in a comment at
// the top; callers also report them as warnings.
std::string emit_toml(const Catalog& catalog);

// Views that call functions recon cannot declare (View::uses_unmanaged), and the views that
// read those, cannot be planned: they are taken out of `catalog` and listed in its `ignored`
// relations, so that recon leaves them alone. Returns one warning per view, naming why.
std::vector<std::string> set_aside_unplannable(Catalog& catalog);

// A TOML basic string: "..." with escapes for quotes, backslashes and control characters.
std::string toml_string(const std::string& text);

}  // namespace recon::declare
