// Foreign keys from one project into another project's schema ("01_user_auth_todo".users),
// checked against that project's declaration when planning: the table is declared there, has
// the columns, and a primary key, unique constraint or plain unique index covers them. The dev
// database only stands in a stub for such a table, so without this check a wrong reference
// would show up first when a revision fails on a real database.
#pragma once

#include <vector>

#include "declare/declare.hpp"

namespace recon::declare {

// Throws InputError with every problem, each at the foreign key's place in its file. A schema
// that no project in `projects` declares is managed outside recon: apply checks it exists.
void check_cross_project_references(const std::vector<const Project*>& projects);

// Whether a primary key, unique constraint or plain unique index of `table` covers exactly
// `columns` (in any order), as Postgres requires of a foreign key's target.
bool key_covers(const Table& table, const std::vector<std::string>& columns);

}  // namespace recon::declare
