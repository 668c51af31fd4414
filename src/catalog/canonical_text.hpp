// The canonical JSON text of a Catalog, written directly: the same bytes as
// canonical_json(catalog).dump() (fingerprint.hpp), without copying the catalog or building a
// JSON tree. Committed revision files carry fingerprints of this text, so it must never change:
// tests/unit/fingerprint_test.cpp compares it with canonical_json for many catalogs.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "catalog/catalog.hpp"

namespace recon {

// Hands the canonical text of `catalog` to `sink` in pieces, in order. Throws
// nlohmann::json::type_error (316) for a string that is not valid UTF-8, as dump() does.
void write_canonical_text(const Catalog& catalog,
                          const std::function<void(std::string_view)>& sink);

// How the canonical form spells an identity column's kind ("by default"; nullptr for none).
// A constraint's kind: words(kind).canonical (constraint_kind.hpp).
const char* identity_kind_name(Identity identity);

// The whole canonical text (for tests and debugging; fingerprint() streams it into a digest).
std::string canonical_text(const Catalog& catalog);

}  // namespace recon
