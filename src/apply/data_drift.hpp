// Data drift: the declared reference rows (catalog/reference_data.hpp) changed on a live
// database outside recon. The rows the applied revisions leave are rebuilt on a scratch
// database of the dev server and compared with the live ones: in sync mode every row of a
// declared table, in upsert mode the rows the revisions wrote (others are left alone), on the
// declared columns only. Nothing is rebuilt for a project that declares no rows.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "apply/workspace.hpp"
#include "pg/dev_server.hpp"

namespace recon::apply {

struct DataDrift {
  // From the expected rows to the live ones: "- row roles(name='admin')" was deleted outside
  // recon, "~ row plans(id=3): price 10 -> 12" changed. Empty when `unavailable` says why.
  std::vector<std::string> changes;
  std::string unavailable;
};

// `reached`: the last revision applied (0: none, and no rows are expected yet).
DataDrift explain_data_drift(pqxx::connection& live, const Project& project, int reached,
                             pg::DevServer& dev);

}  // namespace recon::apply
