#include "apply/data_drift.hpp"

#include <set>

#include "apply/drift.hpp"
#include "declare/declare.hpp"
#include "diff/rows.hpp"
#include "introspect/rows.hpp"
#include "plan/reference_rows.hpp"

namespace recon::apply {
namespace {

// The declared columns (key first) that the table has on `txn`, or none when it lacks a key
// column: a declaration not planned yet may name columns the revisions do not create.
std::vector<std::string> columns_present(pqxx::transaction_base& txn, const std::string& schema,
                                         const TableData& data, const Table& table) {
  const auto present = introspect::table_columns(txn, schema, data.table);
  std::vector<std::string> out;
  for (const auto& name : data.columns(table)) {
    if (present.count(name))
      out.push_back(name);
    else if (out.size() < data.key.size())
      return {};
  }
  return out;
}

}  // namespace

DataDrift explain_data_drift(pqxx::connection& live, const Project& project, int reached,
                             pg::DevServer& dev) {
  DataDrift out;
  if (!project.declaration || reached == 0) return out;
  declare::Project declared;
  try {
    declared = declare::load_project(*project.declaration);
  } catch (const std::exception&) {
    return out;  // the declaration's problems are in the notes already
  }
  if (declared.data.empty()) return out;
  try {
    auto scratch = dev.scratch();
    pqxx::connection expected_db(scratch->url());
    replay_applied(expected_db, project, reached);
    std::map<std::string, TableRows> expected;
    std::map<std::string, TableRows> found;
    for (const auto& [name, data] : declared.data) {
      std::vector<std::string> columns;
      {
        pqxx::work txn(expected_db);
        columns = columns_present(txn, project.schema, data, declared.catalog.tables.at(name));
      }
      if (columns.empty()) continue;
      expected.emplace(name, plan::current_rows(expected_db, project.schema, data, columns));
      TableRows now = plan::current_rows(live, project.schema, data, columns);
      // Upsert leaves other rows alone: only those the revisions wrote are watched.
      if (data.mode == DataMode::upsert)
        std::erase_if(now.rows,
                      [&](const auto& row) { return !expected.at(name).rows.count(row.first); });
      found.emplace(name, std::move(now));
    }
    std::map<std::string, diff::RowsToCompare> compare;
    for (const auto& [name, rows] : expected)
      compare[name] = {DataMode::sync, &rows, &found.at(name)};
    for (const auto& change : diff::diff_rows(declared.catalog, compare))
      out.changes.push_back(change.summary);
  } catch (const std::exception& e) {
    out.unavailable =
        std::string("the expected rows could not be rebuilt on the dev database: ") + e.what();
  }
  return out;
}

}  // namespace recon::apply
