// Steps that act on the revision's schema as a whole (creating it, commenting on it) or on the
// database (installing an extension). Applying a project to other schemas (apply --schemas)
// must point the former at each schema and refuse the latter.
//
// Revision files carry no change kind (adding one would change committed files and their
// checksums), so a step read back from one is recognised by its summary, which recon writes as
// "+ schema NAME", "~ schema NAME: comment", "+ extension NAME" (diff/diff.cpp).
#pragma once

#include <string>

#include "run/step.hpp"

namespace recon::run {

enum class StepScope {
  objects,    // the objects inside the schema: runs as it is under any search path
  schema,     // the schema itself, named in its SQL
  extension,  // an extension, installed once per database
};

// What `step` of a revision planned for `schema` acts on.
StepScope scope_of(const Step& step, const std::string& schema);

// `step` (of scope schema, planned for `from`) made to act on the schema `to`: the schema's
// quoted name in its CREATE SCHEMA IF NOT EXISTS / COMMENT ON SCHEMA statements replaced.
Step retargeted(Step step, const std::string& from, const std::string& to);

}  // namespace recon::run
