// Errors that point at the user's input: file:line:column: message (did you mean 'x'?).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon {

struct Diagnostic {
  SourceLocation where;
  std::string message;

  // "schemas/todo.toml:14:3: unknown key 'nulable' in column 'title'"
  std::string to_string() const;
};

// Thrown with every problem found in one input, not just the first.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// The closest candidate by edit distance, or empty when none is close enough to help.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace recon
