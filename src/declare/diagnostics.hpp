// Collecting problems instead of stopping at the first: a user fixing a declaration wants to
// see every mistake of a run at once.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "catalog/diagnostic.hpp"

namespace recon::declare {

class Diagnostics {
 public:
  void error(SourceLocation where, std::string message);
  void append(const std::vector<Diagnostic>& more);
  bool empty() const { return items_.empty(); }

  // Throws InputError with every diagnostic, in file and position order, if there is any.
  void throw_if_any();

 private:
  std::vector<Diagnostic> items_;
};

SourceLocation location(const std::string& file, const toml::source_region& region);

// "file:line:column", for messages that point at a second place.
std::string describe(const SourceLocation& where);

// How a value's TOML type is named in messages: "a string", "an integer", ...
std::string describe_type(const toml::node& node);

}  // namespace recon::declare
