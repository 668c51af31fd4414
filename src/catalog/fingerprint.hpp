// The canonical form of a Catalog and its fingerprint. Two catalogs that Postgres
// would print alike have the same canonical form; the schema's own name is left out so
// that the same project in another schema (a tenant) has the same fingerprint.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "catalog/catalog.hpp"

namespace recon {

// Sorts what has no meaningful order: the lists catalog/fields.hpp marks sorted (constraints,
// indexes, checks, dependencies...).
void canonicalize(Catalog& catalog);

// The reference form: fingerprint() hashes the same text written directly (canonical_text.hpp).
nlohmann::json canonical_json(const Catalog& catalog);

// "sha256:<64 hex digits>" of the canonical JSON text (canonical_json(catalog).dump()).
std::string fingerprint(const Catalog& catalog);

// SHA-256 of arbitrary bytes, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace recon
