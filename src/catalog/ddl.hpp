// The SQL that creates each kind of catalog object. Names are written relative to the
// project's schema (plans run with search_path set to it), qualified only when they live
// in another schema; every identifier goes through quote_ident.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon::ddl {

std::string column_definition(const Column& column);
// "CONSTRAINT name PRIMARY KEY (id)": the clause, as in CREATE TABLE or ADD CONSTRAINT.
std::string constraint_clause(const Constraint& constraint);
std::string create_table(const Table& table);  // columns and inline constraints, no FKs
std::string add_constraint(const std::string& table, const Constraint& constraint);
// concurrently: CREATE INDEX CONCURRENTLY (outside any transaction, reads and writes go on).
std::string create_index(const std::string& relation, const Index& index,
                         bool concurrently = false);
std::string create_enum(const EnumType& type);
std::string create_domain(const Domain& domain);
std::string domain_check_clause(const DomainCheck& check);
std::string sequence_options(const SequenceOptions& options, const std::string& column_type);
std::string create_sequence(const Sequence& sequence);
std::string create_view(const View& view);
std::string view_query(const std::string& definition);  // without the trailing ';'
std::string identity_clause(const Column& column);
std::string index_key(const IndexKey& key);
// A collation as SQL: a bare name ("C", en_US) is quoted; a quoted or qualified one is kept.
std::string collation_name(const std::string& collation);
std::string column_list(const std::vector<std::string>& columns);
std::string foreign_key_target(const ForeignKeyTarget& target);

// Routines and triggers (ddl_routines.cpp). A routine is referred to by its Catalog::routines
// key: routine_reference gives "FUNCTION name(types)" for DROP, COMMENT and ALTER.
std::string create_routine(const Routine& routine, bool or_replace = false);
std::string routine_reference(const std::string& signature, const Routine& routine);
bool has_standard_body(const Routine& routine);  // BEGIN ATOMIC ... END, or RETURN ...
std::string create_collation(const Collation& collation);
// Text search (ddl_text_search.cpp). A mapping's statements: ALTER TEXT SEARCH CONFIGURATION
// ... ADD / ALTER / DROP (verb) MAPPING FOR tokens [WITH dictionaries], one per dictionary list.
std::string create_text_search_dictionary(const TextSearchDictionary& dictionary);
std::string text_search_options(const std::map<std::string, std::string>& options);
std::string create_text_search_configuration(const TextSearchConfiguration& configuration);
std::string text_search_mapping(const std::string& configuration, const std::string& verb,
                                const std::map<std::string, std::vector<std::string>>& mapping);
// CREATE [OR REPLACE] AGGREGATE name(arguments) (SFUNC = ..., STYPE = ..., ...).
std::string create_aggregate(const Aggregate& aggregate, bool or_replace = false);
std::string create_trigger(const std::string& relation, const Trigger& trigger);
// ALTER TABLE ... ENABLE ALWAYS / ENABLE REPLICA / DISABLE TRIGGER, or "" for a trigger that fires.
std::string trigger_state(const std::string& relation, const Trigger& trigger);
std::string upper(std::string text);
std::string lower(std::string text);

// Row-level security (ddl_policies.cpp). Roles as a TO list: "public" is the keyword PUBLIC.
std::string policy_roles(const std::vector<std::string>& roles);
std::string policy_target(const std::string& table, const std::string& name);  // name ON table
std::string create_policy(const std::string& table, const Policy& policy);
// ALTER TABLE t ENABLE | DISABLE | FORCE | NO FORCE ROW LEVEL SECURITY.
std::string row_security(const std::string& table, const std::string& action);

// COMMENT ON <what> IS '...' (or IS NULL).
std::string comment_on(const std::string& what, const std::optional<std::string>& comment);

}  // namespace recon::ddl
