// The declaration created on the dev database. The diff orders what it can see (a column's
// type, a foreign key's table); some needs only Postgres finds: a view reading a view declared
// after it, a function whose body reads a table or returns its rows. A step that fails for want
// of such an object waits, and is tried again after each later step succeeds.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "catalog/catalog.hpp"
#include "diff/change.hpp"

namespace recon::plan {

struct Creation {
  std::vector<std::size_t> order;  // the indices of the changes, in the order they succeeded
  // For a change that had to wait: the changes whose success let it go further.
  std::map<std::size_t, std::vector<std::size_t>> waited_for;
};

// Runs `changes` (the whole declaration, ordered) on `conn` after `prelude` (stand-ins for other
// schemas' tables) and commits. Throws InputError naming the declaration Postgres rejects, or,
// for steps that never could run, the first of them with what it still lacked.
Creation create_declared(pqxx::connection& conn, const Catalog& declared,
                         const std::vector<Change>& changes, const std::string& prelude);

}  // namespace recon::plan
