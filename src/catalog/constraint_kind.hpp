// What each output calls a constraint kind, in one table: the words differ by purpose, and
// revision files and fingerprints carry them, so each purpose keeps its own.
#pragma once

#include "catalog/catalog.hpp"

namespace recon {

struct ConstraintKindWords {
  const char* canonical;  // the canonical form and the JSON form: "exclude"
  const char* step;       // a plan step's summary ("exclusion orders.no_overlap"): "exclusion"
  const char* noun;       // a message about a declared one: "exclusion constraint"
  const char* label;      // the suffix of the name Postgres gives an unnamed one: "excl"
};

const ConstraintKindWords& words(ConstraintKind kind);

// The kind whose canonical word is `canonical`, or nullptr.
const ConstraintKind* constraint_kind_named(std::string_view canonical);

// Primary keys, unique and exclusion constraints are backed by an index of their own name.
bool has_index(ConstraintKind kind);

}  // namespace recon
