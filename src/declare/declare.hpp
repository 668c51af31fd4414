// The `declare` stage: TOML declarations to the Catalog a project wants. The format is
// described in docs/declaration.md; docs/recon.schema.json is its JSON Schema.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/reference_data.hpp"

namespace recon::declare {

// One file to a Catalog. The schema defaults to the file's stem. Throws InputError with every
// problem found, each at file:line:column.
Catalog parse_declaration(std::string_view toml_text, const std::string& file_name);

struct Project {
  std::string name;              // the file stem or directory name
  std::filesystem::path source;  // schemas/NAME.toml or schemas/NAME/
  Catalog catalog;
  // [tables.NAME.data]: reference rows, planned as data steps (never part of the catalog).
  ReferenceData data;
  // `online = false`: plans change existing tables in the blocking forms (no traffic to spare).
  bool online = true;
  // [apply]: lock_timeout as written (a duration: apply reads it), and lock_retries.
  std::optional<std::string> lock_timeout;
  SourceLocation lock_timeout_at;
  std::optional<int> lock_retries;
};

// schemas/NAME.toml, or a directory schemas/NAME/ whose *.toml files (recursively, in sorted
// order, hidden entries skipped) are merged into one catalog.
Project load_project(const std::filesystem::path& file_or_dir);

// Every project under schemas_dir sorted by name, or only the named ones.
std::vector<Project> load_projects(const std::filesystem::path& schemas_dir,
                                   const std::vector<std::string>& only = {});

// The other schemas whose tables `catalog` references by foreign key.
std::set<std::string> referenced_schemas(const Catalog& catalog);

// The projects of schemas_dir other than `projects` whose tables these reference by foreign
// key, transitively: what the dev database needs before their revisions can be replayed. A
// declaration that does not load is left out (planning that project reports why).
std::vector<Project> load_referenced_projects(const std::filesystem::path& schemas_dir,
                                              const std::vector<Project>& projects);

}  // namespace recon::declare
