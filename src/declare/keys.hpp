// The keys each kind of TOML table accepts: the readers report any other key with the
// closest of these, and a unit test checks that docs/recon.schema.json lists the same keys.
#pragma once

#include <string>
#include <vector>

namespace recon::declare::keys {

inline const std::vector<std::string> top = {
    "schema",     "comment",    "ignore", "extensions", "online",  "collations",        "enums",
    "domains",    "composites", "ranges", "tables",     "views",   "sequences",         "functions",
    "procedures", "aggregates", "text_search", "apply",  "grants",     "revokes", "default_privileges"};
// [[grants]], [[revokes]] (PUBLIC's defaults only) and [[default_privileges]].
inline const std::vector<std::string> grant = {"roles",     "privileges", "schema",
                                               "tables",    "columns",    "sequences",
                                               "functions", "types",      "with_grant_option"};
inline const std::vector<std::string> revoke = {"roles", "privileges", "functions", "types"};
inline const std::vector<std::string> default_privileges = {"for_role", "on", "roles", "privileges",
                                                            "with_grant_option"};
// [apply]: how `recon apply` runs this project's revisions (the command line overrides them).
inline const std::vector<std::string> apply = {"lock_timeout", "lock_retries"};
inline const std::vector<std::string> enum_type = {"values", "comment", "renamed_values"};
inline const std::vector<std::string> domain = {"type",      "nullable", "default",
                                                "collation", "checks",   "comment"};
inline const std::vector<std::string> domain_check = {"name", "expression", "not_valid"};
inline const std::vector<std::string> composite = {"attributes", "comment"};
inline const std::vector<std::string> composite_attribute = {"name", "type", "collation", "comment",
                                                             "renamed_from"};
inline const std::vector<std::string> range = {"subtype",      "subtype_opclass",      "collation",
                                               "subtype_diff", "multirange_type_name", "comment"};
inline const std::vector<std::string> sequence = {"type",  "start", "increment", "min",    "max",
                                                  "cache", "cycle", "owned_by",  "comment"};
inline const std::vector<std::string> table = {
    "comment",         "unlogged", "renamed_from", "primary_key",  "partition_by", "partition_of",
    "partition_bound", "columns",  "unique",       "checks",       "foreign_keys", "excludes",
    "indexes",         "data",     "triggers",     "row_security", "policies"};
// [tables.NAME.data]: the table's reference rows (docs/reference-data.md).
inline const std::vector<std::string> data = {"mode", "key", "rows"};
inline const std::vector<std::string> column = {
    "name",      "type",    "identity",     "nullable",    "default", "generated",
    "collation", "comment", "renamed_from", "primary_key", "unique",  "check"};
inline const std::vector<std::string> identity = {"generation", "type", "start", "increment",
                                                  "min",        "max",  "cache", "cycle"};
inline const std::vector<std::string> primary_key = {
    "columns", "name", "include", "deferrable", "initially_deferred", "comment"};
inline const std::vector<std::string> unique = {"columns", "name",       "nulls_not_distinct",
                                                "include", "deferrable", "initially_deferred",
                                                "comment"};
inline const std::vector<std::string> check = {"name", "expression", "not_valid", "no_inherit",
                                               "comment"};
inline const std::vector<std::string> foreign_key = {
    "name",  "columns",    "references",         "on_delete", "on_update",
    "match", "deferrable", "initially_deferred", "not_valid", "comment"};
inline const std::vector<std::string> references = {"schema", "table", "columns"};
inline const std::vector<std::string> exclude = {"name", "definition", "deferrable",
                                                 "initially_deferred", "comment"};
inline const std::vector<std::string> index = {
    "name",    "columns", "unique",  "nulls_not_distinct", "method",
    "include", "where",   "comment", "partition_names"};
inline const std::vector<std::string> index_key = {"column", "expression", "order",
                                                   "nulls",  "opclass",    "collation"};
inline const std::vector<std::string> view = {"query", "materialized", "comment", "indexes",
                                              "triggers"};
inline const std::vector<std::string> function = {
    "arguments", "returns",  "language", "body", "volatility", "strict", "security_definer",
    "leakproof", "parallel", "cost",     "rows", "set",        "comment"};
inline const std::vector<std::string> procedure = {"arguments",        "language", "body",
                                                   "security_definer", "set",      "comment"};
inline const std::vector<std::string> collation = {"provider", "locale", "lc_ctype",
                                                   "deterministic", "comment"};
// [text_search]: its dictionaries and configurations, by name.
inline const std::vector<std::string> text_search = {"dictionaries", "configurations"};
inline const std::vector<std::string> text_search_dictionary = {"template", "options", "comment"};
inline const std::vector<std::string> text_search_configuration = {"parser", "mapping", "comment"};
inline const std::vector<std::string> aggregate = {
    "arguments",        "state_function", "state_type", "final_function",
    "combine_function", "initial_value",  "parallel",   "comment"};
inline const std::vector<std::string> trigger = {
    "timing",  "events",    "columns",   "for_each",   "function",   "arguments",
    "when",    "old_table", "new_table", "constraint", "deferrable", "initially_deferred",
    "enabled", "comment"};

inline const std::vector<std::string> policy = {"command",    "as",      "roles",       "using",
                                                "with_check", "comment", "renamed_from"};

}  // namespace recon::declare::keys
