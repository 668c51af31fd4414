// Privileges (Catalog::grants, Catalog::default_privileges): what each kind of object can
// grant, the grants that a schema's default privileges promise, the SQL of a grant, and the
// roles a catalog names (which must exist: roles are the cluster's, never a project's).
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon {

// Every privilege of a kind of object (Grant::on), in Postgres's order; for a column's when
// `column`. Empty for an unknown kind.
const std::vector<std::string>& privileges_of(const std::string& on, bool column = false);

// The Grant::on of the objects that default privileges of `on` ("tables") are for ("table").
std::string object_kind_of(const std::string& default_privileges_on);

// What the default privileges promise: for each, a grant on every object of its kind in the
// catalog, whoever created it (a project declares them for the role that applies it).
std::vector<Grant> implied_grants(const Catalog& catalog);

// `catalog.grants` with the implied grants added, sorted, duplicates dropped.
void add_implied_grants(Catalog& catalog);

// "table orders", "column orders.total", "function f(integer)", "schema" (for messages).
std::string grant_object(const Grant& grant);

// GRANT / REVOKE statements: `object_sql` is the object as SQL ("TABLE orders",
// "FUNCTION f(integer)", "SCHEMA app").
std::string grant_sql(const Grant& grant, const std::string& object_sql);
std::string revoke_sql(const Grant& grant, const std::string& object_sql);
std::string default_privilege_sql(const DefaultPrivilege& d, const std::string& schema, bool grant);

// The roles the catalog's grants, default privileges and policies name, PUBLIC aside; sorted,
// unique.
std::vector<std::string> required_roles(const Catalog& catalog);

// "PUBLIC" or the quoted role name.
std::string role_sql(const std::string& role);

}  // namespace recon
