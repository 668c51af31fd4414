// The desired catalog as Postgres itself prints it: the declaration is created in a scratch
// database on the dev server and introspected back, so that `int` and `integer`, `now()` and
// `CURRENT_TIMESTAMP`, unnamed and auto-named constraints compare the way Postgres sees them.
#pragma once

#include "catalog/catalog.hpp"
#include "pg/dev_server.hpp"

namespace recon::plan {

// Throws recon::InputError pointing at the declaration when Postgres rejects part of it.
Catalog normalize(const Catalog& declared, pg::DevServer& dev);

// Runs the steps' SQL in `txn` with the search path set to `schema`; on failure throws
// StepFailed naming the step.
struct StepFailed : std::runtime_error {
  StepFailed(std::size_t index, std::string summary, std::string sql, std::string message);
  std::size_t index;
  std::string summary;
  std::string sql;
  std::string postgres_message;
};

}  // namespace recon::plan
