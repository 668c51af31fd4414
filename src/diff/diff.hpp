// diff: two catalogs of one schema to the Changes that turn the first into the second.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.hpp"
#include "diff/change.hpp"

namespace recon::diff {

struct Options {
  // Changes to tables that exist before the plan in the forms that let their reads and writes
  // go on (online.hpp); false: the blocking forms, for databases without traffic.
  bool online = true;
};

// New columns (table, column) declared NOT NULL that are added nullable, then made NOT NULL
// by a change of its own (the online form when Options::online): a hand-written step fills
// them in between.
using NullableFirst = std::set<std::pair<std::string, std::string>>;

// Throws recon::InputError when the change cannot be made safely by any plan (an enum
// value removed, say), with the way out in the message.
std::vector<Change> diff(const Catalog& from, const Catalog& to, const Options& options = {},
                         const NullableFirst& nullable_first = {});

}  // namespace recon::diff
