#include "run/step_error.hpp"

namespace recon::run {
namespace {

std::string describe_failed_step(std::size_t number, std::size_t count, const Step& step,
                                 const std::string& server_message) {
  return "step " + std::to_string(number) + "/" + std::to_string(count) + " (" + step.summary +
         ") failed: " + trimmed_message(server_message) + "\nSQL:\n" + trimmed_message(step.sql);
}

}  // namespace

std::string trimmed_message(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

StepError::StepError(std::size_t number, std::size_t count, const Step& step,
                     std::string server_message, std::string sqlstate)
    : std::runtime_error(describe_failed_step(number, count, step, server_message)),
      number_(number),
      count_(count),
      summary_(step.summary),
      sql_(step.sql),
      server_message_(trimmed_message(std::move(server_message))),
      sqlstate_(std::move(sqlstate)) {}

}  // namespace recon::run
