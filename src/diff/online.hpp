// Online forms: the steps that change a table that exists before the plan while reads and
// writes of it go on (CREATE INDEX CONCURRENTLY, constraints added NOT VALID and validated on
// their own, NOT NULL through a validated check), and the locks every form takes, said in the
// plan. online_form() is the one place that decides which form a change gets.
#pragma once

#include <cstddef>
#include <string>

#include "diff/context.hpp"

namespace recon::diff {

// Online when the plan asks for it (Options::online), the relation exists before the plan (a
// new one has no rows nor readers: the plain forms are as quick, and atomic) and is not
// partitioned (Postgres builds no index CONCURRENTLY, adds no foreign key NOT VALID, there).
bool online_form(const Context& ctx, const std::string& relation, bool relation_is_new);

// A name for an object that lives only while the plan runs: base + suffix, the base cut (and
// told apart by a digest of it) when the whole would pass Postgres's 63 bytes.
std::string temporary_name(const std::string& base, const std::string& suffix);

// Step::lock texts: the lock level, the tables, and for how long.
namespace locks {
inline constexpr const char* access_exclusive = "ACCESS EXCLUSIVE";
inline constexpr const char* share_row_exclusive = "SHARE ROW EXCLUSIVE";
inline constexpr const char* share = "SHARE";
inline constexpr const char* share_update_exclusive = "SHARE UPDATE EXCLUSIVE";
// A step without a scan in the revision's transaction: held until that commits.
std::string brief(const std::string& level, const std::string& tables);
// A statement that runs alone and holds `level` for its whole `work` ("build", "scan").
std::string alone(const std::string& level, const std::string& tables, const std::string& work);
// A step that holds `level` while it reads the whole table, in the revision's transaction.
std::string scanning(const std::string& level, const std::string& tables, const std::string& work);
}  // namespace locks

// Each turns the plain change ctx.changes[at], just emitted with its keys, into its online
// form, adding the steps that form needs after it. constraint_online returns false (and
// changes nothing) for a constraint that has no online form (exclusion, unnamed).
void index_online(Context& ctx, std::size_t at, const std::string& relation, const Index& index);
void drop_index_online(Context& ctx, std::size_t at, const std::string& relation,
                       const Index& index);
bool constraint_online(Context& ctx, std::size_t at, const std::string& table, const Constraint& c);
void not_null_online(Context& ctx, std::size_t at, const std::string& table, const Column& column);
// An index whose definition changes: the new one built under a temporary name, the old one
// dropped, the new one renamed: the table is never without the index.
void replace_index_online(Context& ctx, const std::string& relation, const Index& before,
                          const Index& after);
// VALIDATE CONSTRAINT: alone, outside the revision's transaction (online), or in it.
void validate_alone(Change& change, const std::string& table, const Constraint& c);
void validate_in_transaction(Change& change, const std::string& table, const Constraint& c);

// The locks of the blocking forms, on a table that exists before the plan.
std::string blocking_lock(const std::string& table, const Constraint& c);

}  // namespace recon::diff
