// What reading one file yields before the project is complete: the catalog, plus the
// project-wide settings the file made and the names it uses that may be declared in another
// file of the project. Those are checked once every file is read and merged.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "catalog/reference_data.hpp"
#include "declare/diagnostics.hpp"
#include "declare/fields.hpp"

namespace recon::declare {

// A column of `table` named by a key, an index or a constraint.
struct ColumnUse {
  std::string table;
  Located<std::string> column;
  std::string user;  // "index #1 of table 'todos'"
};

// tables[table].constraints[constraint] is a foreign key, to check and complete with the
// referenced table's primary key.
struct ForeignKeyUse {
  std::string table;
  std::size_t constraint = 0;
  std::string description;  // "foreign key #1 of table 'todos'"
  SourceLocation references;
  SourceLocation target_table;
  std::vector<SourceLocation> target_columns;
};

// The type of a column, at the place in its file where it is written.
struct TypeUse {
  std::string table;
  std::string column;
  std::string type;
  SourceLocation where;
};

struct OwnedByUse {
  std::string sequence;
  std::string table;
  std::string column;
  SourceLocation where;
};

struct Declaration {
  Catalog catalog;
  // Set only when the file itself sets them: a directory project accepts them once.
  std::optional<Located<std::string>> schema;
  std::optional<Located<std::string>> comment;
  std::optional<Located<std::vector<std::string>>> ignore;
  std::optional<Located<std::vector<std::string>>> extensions;
  std::optional<Located<bool>> online;
  std::optional<Located<std::string>> lock_timeout;  // [apply], checked by apply
  std::optional<Located<std::int64_t>> lock_retries;

  std::vector<ColumnUse> column_uses;
  std::vector<ForeignKeyUse> foreign_keys;
  std::vector<OwnedByUse> owned_by;
  std::vector<TypeUse> type_uses;
  std::vector<Located<std::string>> partitions;  // tables that are partitions of another
  ReferenceData data;  // [tables.NAME.data]: rows, kept out of the catalog

  void use_columns(const std::string& table, const std::vector<Located<std::string>>& columns,
                   const std::string& user);
};

// Syntax and shape of one file: everything that can be checked without the other files.
Declaration read_declaration(std::string_view text, const std::string& file,
                             Diagnostics& diagnostics);

// Adds `next` (a later file of the same project) to `into`, reporting objects and settings
// declared in both.
void merge(Declaration& into, Declaration&& next, Diagnostics& diagnostics);

// Applies the defaults and checks what spans objects: names, references, foreign keys.
// `origin` (the file or directory read) locates problems with the default schema name.
void complete(Declaration& declaration, const std::string& default_schema,
              const std::string& origin, Diagnostics& diagnostics);

// Namespaces: relations, types, constraints of each table.
void check_namespaces(const Declaration& declaration, Diagnostics& diagnostics);

// Column types that exist neither in PostgreSQL nor in the project (type_names.hpp).
void check_type_names(const Declaration& declaration, Diagnostics& diagnostics);

// The objects grants are on must be declared; a function named without its arguments is the
// one overload of that name (privileges.cpp).
void check_privileges(Declaration& declaration, Diagnostics& diagnostics);

// Columns, partitions, foreign keys and sequence owners that must exist.
void check_references(Declaration& declaration, Diagnostics& diagnostics);

}  // namespace recon::declare
