// Resuming a CREATE INDEX CONCURRENTLY step (diff/online.cpp plans them) that an interrupted
// run left: a build cancelled half-way leaves an INVALID index, which is dropped before the step
// runs again; a valid index of that name found when resuming at that very step means the build
// finished before the run was stopped.
#pragma once

#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace recon::apply {

// The index a CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] statement creates; nullopt for
// any other SQL.
std::optional<std::string> concurrent_index_name(const std::string& sql);

struct IndexState {
  bool exists = false;
  bool valid = false;
};

IndexState index_state(pqxx::transaction_base& txn, const std::string& schema,
                       const std::string& index);

// "DROP INDEX CONCURRENTLY IF EXISTS schema.index" (no trailing ';').
std::string drop_index_sql(const std::string& schema, const std::string& index);

}  // namespace recon::apply
