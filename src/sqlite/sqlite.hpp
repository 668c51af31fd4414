// A SQLite database as a recon Catalog: the starting point of a move from SQLite to Postgres
// (`recon inspect --sqlite FILE`). Tables, columns, primary keys, unique constraints, foreign
// keys, indexes (partial and on expressions), CHECK constraints, defaults, NOT NULL and
// AUTOINCREMENT are carried over with Postgres types (sqlite/types.hpp); what has no faithful
// Postgres spelling is left out and reported, naming the object.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon::sqlite {

struct Inspection {
  Catalog catalog;
  std::vector<std::string> warnings;  // left out or changed in meaning: the user should look
  std::vector<std::string> notes;     // left out on purpose (alembic_version, ...)
};

// Throws sqlite::Error (sqlite/database.hpp) when the file cannot be read as a SQLite database.
Inspection inspect(const std::filesystem::path& file, const std::string& schema);

}  // namespace recon::sqlite
