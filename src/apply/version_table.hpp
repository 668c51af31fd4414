// The version table "<schema>".recon_revisions: one row per revision applied to the schema,
// inside the schema itself (recon creates nothing outside the schema of the project it works
// on). Introspection leaves the table out, so it is not part of any fingerprint.
//
//   number              integer primary key     the revision's number
//   slug                text                    its slug
//   checksum            text                    its file's checksum when it was applied
//   parent_checksum     text, NULL for 0001     its parent's checksum
//   source_fingerprint  text                    the state it was applied to
//   target_fingerprint  text                    the state it reached
//   applied_at          timestamptz now()       when its transaction started
//   applied_by          text current_user
//   duration_ms         bigint                  NULL for a baseline row
//   recon_version       text                    the recon that applied it
//   state               text                    'applied'; 'baseline': recorded by
//                                               `apply --baseline`, never run; 'partial': a
//                                               revision with non-transactional steps that
//                                               is under way or was interrupted
//   steps_done          integer                 steps completed (all of them unless partial)
//
// A 'partial' row is how a revision with non-transactional steps resumes: the steps before
// steps_done are done and are skipped by the next run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "run/revision.hpp"

namespace recon::apply {

inline constexpr const char* kVersionTable = "recon_revisions";

namespace row_state {
inline constexpr const char* applied = "applied";
inline constexpr const char* baseline = "baseline";
inline constexpr const char* partial = "partial";
}  // namespace row_state

struct AppliedRevision {
  int number = 0;
  std::string slug;
  std::string checksum;
  std::string parent_checksum;  // "" for the first revision
  std::string source_fingerprint;
  std::string target_fingerprint;
  std::string applied_at;  // ISO 8601, UTC: "2026-11-23T11:35:34Z"
  std::string applied_by;
  std::optional<long long> duration_ms;
  std::string recon_version;
  std::string state = row_state::applied;
  int steps_done = 0;

  bool done() const { return state != row_state::partial; }
};

// "<schema>".recon_revisions
std::string version_table_name(const std::string& schema);

// CREATE SCHEMA IF NOT EXISTS and CREATE TABLE IF NOT EXISTS, one statement each.
std::vector<std::string> create_version_table_sql(const std::string& schema);

// Records `revision` as done in one statement (state applied or baseline). For `applied`,
// duration_ms is the time since the transaction started (clock_timestamp() - now()), so the
// statement belongs at the end of the revision's transaction; a baseline row has none.
std::string insert_done_sql(const std::string& schema, const Revision& revision,
                            const std::string& state);

// Records that `revision` has started, with `steps_done` steps done (state partial).
std::string insert_partial_sql(const std::string& schema, const Revision& revision,
                               int steps_done = 0);

// A partial row's progress: `steps_done` steps are done.
std::string update_progress_sql(const std::string& schema, int number, int steps_done);

// A partial row completed: state applied, all steps done, duration since it started.
std::string complete_partial_sql(const std::string& schema, int number, int steps);

// Whether the version table exists.
bool version_table_exists(pqxx::transaction_base& txn, const std::string& schema);

// Every row, by number; empty when the table does not exist.
std::vector<AppliedRevision> read_version_table(pqxx::transaction_base& txn,
                                                const std::string& schema);

}  // namespace recon::apply
