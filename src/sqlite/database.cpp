#include "sqlite/database.hpp"

#include <sqlite3.h>

#include <memory>

namespace recon::sqlite {

Database::Database(const std::filesystem::path& file) : file_(file.string()) {
  // sqlite3_open_v2 would happily open a missing file read-only and fail later with a vaguer
  // message.
  if (!std::filesystem::is_regular_file(file)) throw Error(file_ + ": no such file");
  if (sqlite3_open_v2(file_.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(file_ + ": " + message);
  }
}

Database::~Database() {
  sqlite3_close(db_);
}

std::vector<Row> Database::query(const std::string& sql, const std::vector<std::string>& params) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    // "file is not a database" surfaces here, on the first read.
    throw Error(file_ + ": " + sqlite3_errmsg(db_));
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  for (std::size_t i = 0; i < params.size(); ++i) {
    sqlite3_bind_text(raw, static_cast<int>(i + 1), params[i].c_str(),
                      static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
  }
  std::vector<Row> rows;
  for (;;) {
    const int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw Error(file_ + ": " + sqlite3_errmsg(db_));
    Row row;
    for (int c = 0; c < sqlite3_column_count(raw); ++c) {
      const auto* text = sqlite3_column_text(raw, c);
      if (text == nullptr) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(reinterpret_cast<const char*>(text),
                                     static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace recon::sqlite
