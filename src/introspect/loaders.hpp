// One loader per object kind: each sends one bulk query for all the schemas of the session and
// maps its rows into the catalogs. Tables and views must be loaded first: the loaders of their
// parts (columns, constraints, indexes, dependencies) attach to them by name.
#pragma once

#include "introspect/session.hpp"

namespace recon::introspect::detail {

void load_schemas(Session& session, std::map<std::string, Catalog>& catalogs);
void load_relations(Session& session);
void load_columns(Session& session);
void load_constraints(Session& session);
void load_indexes(Session& session);
// After load_indexes: the names of partitions' indexes that Postgres would choose otherwise.
void load_partition_index_names(Session& session);
void load_enums(Session& session);
void load_domains(Session& session);
void load_domain_checks(Session& session);
void load_composites(Session& session);
void load_ranges(Session& session);
void load_sequences(Session& session);
void load_view_dependencies(Session& session);
void load_routines(Session& session);
void load_aggregates(Session& session);
void load_collations(Session& session);
void load_text_search(Session& session);
void load_routine_calls(Session& session);  // after everything that may call a routine
void load_triggers(Session& session);
void load_policies(Session& session);  // after the routines: the calls it keeps are theirs
void load_unsupported(Session& session);
// Only for projects that govern privileges (Options::privileges).
void load_privileges(Session& session);

// SQL condition: aggregate `a` (pg_aggregate, of pg_proc `p`) is one the catalog can hold.
std::string plain_aggregate();

// All of the above but load_schemas, in the order they need.
void load_all(Session& session);

}  // namespace recon::introspect::detail
