// A read-only SQLite database, through the sqlite3 C API: just enough to run the catalog
// queries of the SQLite reader (statements with text parameters, rows of text columns).
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace recon::sqlite {

// The file is missing, not a SQLite database, or a query failed; the message says which.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One row; a NULL value is nullopt.
using Row = std::vector<std::optional<std::string>>;

class Database {
 public:
  // Opens `file` read only: inspecting never writes to the database.
  explicit Database(const std::filesystem::path& file);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Every row of `sql`, its ? parameters bound to `params` in order.
  std::vector<Row> query(const std::string& sql, const std::vector<std::string>& params = {});

 private:
  sqlite3* db_ = nullptr;
  std::string file_;
};

}  // namespace recon::sqlite
