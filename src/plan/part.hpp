// A part of a catalog that can be created on its own, so that the dev database holds only
// the tables a plan touches (or the declarations that changed) instead of the whole schema:
// planning a small change to a large project then costs what the change costs.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "catalog/catalog.hpp"

namespace recon::plan {

// Equal as Postgres objects: source locations and rename hints are left out.
bool same_table(const Table& a, const Table& b);
bool same_view(const View& a, const View& b);

// What a foreign key into `t` needs: its columns, typed, and its keys.
Table stand_in(const Table& t);

struct Part {
  Catalog catalog;
  std::set<std::string> stand_ins;  // tables present only for others to reference
  // Sequences whose OWNED BY names a table outside the part: created without it.
  std::map<std::string, std::string> owners_cut;
};

// The tables named (complete); every type, sequence, extension, collation, routine and
// aggregate of `catalog`; and for each table of the schema that they reference by foreign key
// or name as a row type in a routine's signature, a stand-in taken from `others`: its columns
// and keys only. nullopt when the part cannot stand alone: a named table or a referenced one
// is missing, partitioned, or a partition; or a view is involved. The routines' bodies may
// read tables the part lacks: create it with check_function_bodies off.
std::optional<Part> part_of(const Catalog& catalog, const std::set<std::string>& tables,
                            const Catalog& others);

// Those of `tables` whose change can matter to the foreign keys into them: gone on one side,
// or their keys or a column that a foreign key references differ.
std::set<std::string> with_changed_keys(const Catalog& before, const Catalog& after,
                                        const std::set<std::string>& tables);

// The tables of `catalog` that reference one of `tables` by foreign key.
std::set<std::string> referencing(const Catalog& catalog, const std::set<std::string>& tables);

// Whether a view of `catalog` reads one of `tables`.
bool read_by_views(const Catalog& catalog, const std::set<std::string>& tables);

// Whether a policy of `catalog` reads a relation other than its own table: the part may lack it.
bool policies_read_other_relations(const Catalog& catalog);

// Whether a routine of `catalog` has an SQL-standard body (BEGIN ATOMIC, RETURN): Postgres
// checks it against the tables it reads even with check_function_bodies off.
bool has_standard_bodies(const Catalog& catalog);

// Whether the body of a routine of `catalog` names one of `tables` (as a word, in any case):
// what a string body reads, Postgres records nowhere.
bool named_by_routines(const Catalog& catalog, const std::set<std::string>& tables);

}  // namespace recon::plan
