// The one error a step's failure becomes, wherever the step runs (apply, a replay on the dev
// database, normalizing a declaration): which step, its SQL, and what Postgres said.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "run/step.hpp"

namespace recon::run {

class StepError : public std::runtime_error {
 public:
  StepError(std::size_t number, std::size_t count, const Step& step, std::string server_message,
            std::string sqlstate);

  std::size_t number() const { return number_; }  // 1-based
  std::size_t count() const { return count_; }
  const std::string& summary() const { return summary_; }
  const std::string& sql() const { return sql_; }
  const std::string& server_message() const { return server_message_; }  // "ERROR:  ..."
  const std::string& sqlstate() const { return sqlstate_; }              // "42P07", or ""

 private:
  std::size_t number_;
  std::size_t count_;
  std::string summary_;
  std::string sql_;
  std::string server_message_;
  std::string sqlstate_;
};

// The server's message without the trailing newlines and spaces libpq leaves.
std::string trimmed_message(std::string text);

}  // namespace recon::run
