// Builders for the dependency keys of change.hpp, and the lookups that find them.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon::diff::keys {

// Built from quoted names (quote_ident), so that they cannot run together: table "other.users"
// and table users of schema other have different keys.
std::string rel(const std::string& name);
std::string rel(const std::string& schema, const std::string& name);
std::string col(const std::string& table, const std::string& column);
std::string col(const std::string& schema, const std::string& table, const std::string& column);
std::string type(const std::string& name);
std::string con(const std::string& table, const std::string& name);
std::string collation(const std::string& name);
std::string text_search_configuration(const std::string& name);
std::string text_search_dictionary(const std::string& name);
// Keys of the project's own dictionaries that a configuration's mapping names.
std::vector<std::string> mapping_uses(const Catalog& catalog,
                                      const TextSearchConfiguration& configuration);
// A routine of the schema by its Catalog::routines key, "total(integer)".
std::string routine(const std::string& signature);
std::string policy(const std::string& table, const std::string& name);
// One value of an enum, and the value back from such a key.
std::string enum_value(const std::string& type, const std::string& value);
std::string value_of_enum_value(const std::string& key);
std::string unique_key(const std::string& schema, const std::string& table,
                       const std::vector<std::string>& columns);

// Keys of the project's own types, sequences and routines that a column's type, default or
// generation expression uses.
std::vector<std::string> column_uses(const Catalog& catalog, const Column& column);
// Keys of the project's own types that `type` names (an enum, a domain, a composite or range
// type, an array of one).
std::vector<std::string> type_uses(const Catalog& catalog, const std::string& type);
// Keys of the project's own types that an attribute of a composite type is made of.
std::vector<std::string> attribute_uses(const Catalog& catalog, const CompositeAttribute& a);
// The keys a relation's constraint or index needs beyond its table.
std::vector<std::string> constraint_uses(const std::string& table, const Constraint& c);
std::vector<std::string> index_uses(const std::string& table, const Index& index);
std::vector<std::string> view_uses(const View& view);
// What a policy needs: its table, what its expressions read and the routines they call.
std::vector<std::string> policy_uses(const std::string& table, const Policy& policy);
// What must exist before a routine is created: the types and row types of its signature, the
// routines its SQL-standard body calls, and what the dev database found it needs.
// `signature` is the routine's Catalog::routines key.
std::vector<std::string> routine_uses(const Catalog& catalog, const std::string& signature,
                                      const Routine& routine);

}  // namespace recon::diff::keys
