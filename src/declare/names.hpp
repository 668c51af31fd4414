// Identifiers as Postgres sees them: any characters, at most 63 bytes (longer names are
// silently truncated by Postgres, so two long names can become one), one namespace per kind.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "declare/diagnostics.hpp"

namespace recon::declare {

// A list of names sorted, each once (lists that a declaration may repeat names in).
std::vector<std::string> sorted_unique(std::vector<std::string> names);

// The name Postgres keeps: the first 63 bytes, cut at a character boundary.
std::string_view truncated(std::string_view name);

// Reports an empty name or one longer than Postgres keeps; `what` is e.g. "table name".
// Returns false for an empty name only: a long name is still read, so that the rest of its
// declaration is checked too (and a collision after truncation is reported).
bool check_name(std::string_view name, std::string_view what, const SourceLocation& where,
                Diagnostics& diagnostics);

// The names of one Postgres namespace (the relations of a schema, its types, the constraints
// of a table). Names are collected first and compared at the end, so that a collision is
// reported at the later declaration whatever order the readers visited them in.
class Namespace {
 public:
  // `description` names the object in messages: "index 'todos_title' of table 'todos'".
  // A `shared` name is also added to another namespace that reports collisions between
  // shared names; this one reports only those involving a name of its own.
  void add(std::string_view name, std::string description, SourceLocation where,
           bool shared = false);

  // `why` explains why different kinds collide, e.g. "tables and indexes share one namespace".
  void report(std::string_view why, Diagnostics& diagnostics);

 private:
  struct Entry {
    std::string name;
    std::string description;
    SourceLocation where;
    bool shared;
  };
  static void report_collision(const Entry& earlier, const Entry& entry, std::string_view why,
                               Diagnostics& diagnostics);
  std::vector<Entry> entries_;
};

}  // namespace recon::declare
