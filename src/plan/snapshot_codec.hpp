// The byte form of a snapshot's catalog. A snapshot of a 10,000-table schema is read at every
// plan: as JSON it cost half a second and a few hundred MiB of parse tree; this form is read
// straight into the Catalog. It holds the same fields as catalog_to_json (no source locations,
// no rename hints). Not an interchange format: it only has to round-trip within one recon
// version, and every read is checked against the fingerprint anyway.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "catalog/catalog.hpp"

namespace recon::plan {

struct MalformedSnapshot : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string encode_catalog(const Catalog& catalog);
// One object's fields in the same form (the normalize cache's digests of declarations).
std::string encode_table(const Table& table);
std::string encode_view(const View& view);
std::string encode_routine(const Routine& routine);
std::string encode_aggregate(const Aggregate& aggregate);

// Throws MalformedSnapshot when `bytes` is cut short, has bytes left over, or holds a count or
// a value that cannot be right; never reads past the end nor allocates more than it holds.
Catalog decode_catalog(std::string_view bytes);

}  // namespace recon::plan
