// Foreign keys into other projects' schemas: before a revision that adds one runs, the
// referenced table, its columns and a key covering them must exist in the target database.
// Otherwise the revision would fail at that step with Postgres's terse message; recon refuses
// up front instead and says which project to apply first.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "apply/workspace.hpp"

namespace recon::apply {

// A foreign key of a step onto a table of another schema, as recon renders it:
// REFERENCES "schema".table (columns).
struct CrossReference {
  std::string schema;
  std::string table;
  std::vector<std::string> columns;
  std::string where;  // "revision 0001_initial, step 4/6 (+ foreign key todos.todos_user_fkey)"
};

std::vector<CrossReference> cross_references(const Project& project,
                                             const std::vector<const Revision*>& pending);

// The explanation of the first of `references` (of `project`) the database cannot satisfy, or
// nullopt.
std::optional<std::string> unsatisfied_reference(pqxx::connection& conn, const Project& project,
                                                 const std::vector<CrossReference>& references);

}  // namespace recon::apply
