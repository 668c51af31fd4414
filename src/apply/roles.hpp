// Roles are preconditions: a project never creates or drops one (they belong to the whole
// server and are shared between projects), so apply checks that every role the pending
// revisions name exists before it runs the first step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "run/revision.hpp"

namespace recon::apply {

// Why the revisions cannot run here (the roles missing, and the SQL that creates them), or
// nullopt when every role they name exists.
std::optional<std::string> missing_roles(pqxx::connection& conn, const std::string& project,
                                         const std::vector<const Revision*>& revisions);

}  // namespace recon::apply
