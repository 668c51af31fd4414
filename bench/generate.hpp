// The benchmark's schemas (issue 7): a realistic schema of N tables in one schema, and a
// 50-change mutation of it. Deterministic: the same (tables, seed) give byte-identical SQL.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace recon::bench {

struct Generated {
  std::string schema_sql;            // CREATE SCHEMA, enums, tables, indexes, comments
  std::string mutation_sql;          // 50 changes, run after schema_sql (not in one transaction)
  std::vector<std::string> changes;  // one line per change of the mutation, for the report
};

// `tables` tables in schema `schema`. Tables have 5-15 columns of varied types, a bigint
// identity primary key, unique constraints, foreign keys to earlier tables, checks, partial and
// expression indexes, enum-typed columns and comments. The mutation needs at least 20 tables.
// `routines` adds that many functions: trigger functions with their triggers, and SQL functions
// called by checks (the mutation is the same).
Generated generate(int tables, const std::string& schema = "app", std::uint32_t seed = 20240607,
                   int routines = 0);

}  // namespace recon::bench
