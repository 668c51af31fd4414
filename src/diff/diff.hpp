// diff: two catalogs of one schema to the Changes that turn the first into the second.
#pragma once

#include <vector>

#include "catalog/catalog.hpp"
#include "diff/change.hpp"

namespace recon::diff {

// Throws recon::InputError when the change cannot be made safely by any plan (an enum
// value removed, say), with the way out in the message.
std::vector<Change> diff(const Catalog& from, const Catalog& to);

}  // namespace recon::diff
