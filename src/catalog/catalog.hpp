// The in-memory model of one Postgres schema. Names are stored raw (unquoted);
// types and expressions are stored as SQL text the way Postgres prints them once a
// catalog is normalized, so that two catalogs Postgres would print alike compare equal.
// A new field is also listed in catalog/fields.hpp, from which every serialized form is written.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace recon {

// Where a declared object came from, for error messages. Never part of the canonical form.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
};

struct SequenceOptions {
  std::optional<std::string> data_type;  // smallint | integer | bigint
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> increment;
  std::optional<std::int64_t> min_value;
  std::optional<std::int64_t> max_value;
  std::optional<std::int64_t> cache;
  std::optional<bool> cycle;

  bool operator==(const SequenceOptions&) const = default;
};

enum class Identity { none, always, by_default };

struct Column {
  std::string name;
  std::string type;  // e.g. "character varying(255)", "integer[]", "todo_state"
  bool not_null = false;
  std::optional<std::string> default_expr;
  Identity identity = Identity::none;
  SequenceOptions identity_options;
  std::optional<std::string> generated;  // GENERATED ALWAYS AS (expr) STORED
  std::optional<std::string> collation;  // only when it differs from the type's default
  std::optional<std::string> comment;

  // Routines of the schema that the default or generation expression calls ("f(integer)", as
  // Catalog::routines keys them), found by introspection: not canonical.
  std::vector<std::string> calls;
  // Text search configurations of the schema that the expression names (to_tsvector('cfg', ...):
  // pg_depend), by name, found by introspection: not canonical.
  std::vector<std::string> text_search_configs;

  std::vector<std::string> renamed_from;  // hint for diff, not canonical
  SourceLocation where;
};

enum class ConstraintKind { primary_key, unique, foreign_key, check, exclude };

struct ForeignKeyTarget {
  std::string schema;  // empty: the catalog's own schema
  std::string table;
  std::vector<std::string> columns;

  bool operator==(const ForeignKeyTarget&) const = default;
};

// Referential actions and match types use the SQL spelling in lower case:
// "no action", "restrict", "cascade", "set null", "set default"; "simple", "full".
struct Constraint {
  std::string name;  // empty in a declaration: Postgres names it on normalization
  ConstraintKind kind = ConstraintKind::check;
  std::vector<std::string> columns;  // primary key, unique, foreign key
  bool nulls_not_distinct = false;   // unique (PostgreSQL 15+)
  std::vector<std::string> include;  // primary key, unique: INCLUDE columns

  ForeignKeyTarget references;
  std::string on_delete = "no action";
  std::string on_update = "no action";
  std::string match = "simple";

  std::string expression;  // check: the expression inside CHECK (...); exclude: whole definition
  bool no_inherit = false;

  bool deferrable = false;
  bool initially_deferred = false;
  bool not_valid = false;
  std::optional<std::string> comment;
  std::vector<std::string> calls;                // as Column::calls
  std::vector<std::string> text_search_configs;  // as Column::text_search_configs

  SourceLocation where;
};

struct IndexKey {
  std::string column;      // a column name, or empty when expression is set
  std::string expression;  // an expression, as Postgres prints it
  std::optional<std::string> collation;
  std::optional<std::string> opclass;  // only when not the default for the type
  bool descending = false;
  bool nulls_first = false;  // Postgres default: nulls_first == descending

  bool operator==(const IndexKey&) const = default;
};

struct Index {
  std::string name;  // empty in a declaration: Postgres names it on normalization
  std::string method = "btree";
  bool unique = false;
  bool nulls_not_distinct = false;
  std::vector<IndexKey> keys;
  std::vector<std::string> include;
  std::optional<std::string> where;
  std::optional<std::string> comment;
  std::vector<std::string> calls;                // as Column::calls
  std::vector<std::string> text_search_configs;  // as Column::text_search_configs
  // A partitioned table's index has an index on each partition: its name there (partition ->
  // name), only where it is not the one Postgres gives (catalog/partition_index_name.hpp).
  std::map<std::string, std::string> partition_names;

  SourceLocation where_declared;
};

// A trigger on a table or view. Events are "insert", "update", "delete", "truncate".
struct Trigger {
  std::string name;
  std::string timing = "after";  // before | after | instead of
  std::vector<std::string> events;
  std::vector<std::string> columns;  // UPDATE OF these columns
  bool for_each_row = false;
  std::string function_schema;  // empty: a routine of the catalog's own schema
  std::string function;         // the routine's name: trigger functions take no arguments
  std::vector<std::string> arguments;
  std::optional<std::string> when;       // the condition inside WHEN (...)
  std::optional<std::string> old_table;  // REFERENCING OLD TABLE AS
  std::optional<std::string> new_table;  // REFERENCING NEW TABLE AS
  bool constraint = false;               // CREATE CONSTRAINT TRIGGER
  bool deferrable = false;
  bool initially_deferred = false;
  std::string enabled = "origin";  // origin (fires) | always | replica | disabled
  std::optional<std::string> comment;

  SourceLocation where;
};

// A column read by a view (or a policy); column empty means the whole relation (e.g. SELECT *).
struct ViewDependency {
  std::string schema;  // empty: own schema
  std::string relation;
  std::string column;

  auto operator<=>(const ViewDependency&) const = default;
};

// A row-level security policy of a table (CREATE POLICY). Roles are stored raw and sorted;
// "PUBLIC" (as in Grant::role) is every role, Postgres's default when none is named.
struct Policy {
  std::string name;
  bool permissive = true;       // false: AS RESTRICTIVE
  std::string command = "all";  // all | select | insert | update | delete
  std::vector<std::string> roles = {"PUBLIC"};
  std::optional<std::string> using_expr;  // USING (...)
  std::optional<std::string> with_check;  // WITH CHECK (...)
  std::optional<std::string> comment;
  std::vector<std::string> calls;  // as Column::calls
  // The relations and columns its expressions read (pg_depend), other tables' included: the
  // policy is created after them. Filled by introspection; not canonical.
  std::vector<ViewDependency> depends_on;

  std::vector<std::string> renamed_from;  // hint for diff, not canonical
  SourceLocation where;
};

struct Table {
  std::string name;
  std::vector<Column> columns;          // in table order
  std::vector<Constraint> constraints;  // canonical: sorted by name
  std::vector<Index> indexes;           // canonical: sorted by name
  bool unlogged = false;
  std::optional<std::string> comment;

  // Partitioning: a partitioned parent has partition_by ("RANGE (created_at)");
  // a partition has partition_of (the parent's name) and partition_bound
  // ("FOR VALUES FROM (...) TO (...)" or "DEFAULT"). A partition's columns are
  // the parent's: its `columns` hold none.
  std::optional<std::string> partition_by;
  std::optional<std::string> partition_of;
  std::optional<std::string> partition_bound;
  std::vector<Trigger>
      triggers;               // canonical: sorted by name. A partition's clones are its parent's.
  bool row_security = false;  // ENABLE ROW LEVEL SECURITY
  bool force_row_security = false;  // FORCE: the owner too (only read while enabled)
  std::vector<Policy> policies;     // canonical: sorted by name

  std::vector<std::string> renamed_from;
  SourceLocation where;
};

struct EnumType {
  std::string name;
  std::vector<std::string> values;  // in sort order
  std::optional<std::string> comment;

  std::map<std::string, std::string> value_renamed_from;  // new value -> old value (hint)
  SourceLocation where;
};

struct DomainCheck {
  std::string name;  // empty in a declaration
  std::string expression;
  bool not_valid = false;

  bool operator==(const DomainCheck&) const = default;
};

struct Domain {
  std::string name;
  std::string base_type;
  bool not_null = false;
  std::optional<std::string> default_expr;
  std::optional<std::string> collation;
  std::vector<DomainCheck> checks;  // canonical: sorted by name
  std::optional<std::string> comment;
  std::vector<std::string> calls;  // as Column::calls

  SourceLocation where;
};

// An attribute of a composite type: like a column, without constraints or defaults.
struct CompositeAttribute {
  std::string name;
  std::string type;
  std::optional<std::string> collation;  // only when it differs from the type's default
  std::optional<std::string> comment;

  std::vector<std::string> renamed_from;  // hint for diff, not canonical
  SourceLocation where;
};

// CREATE TYPE name AS (attribute type, ...): a row type of its own, not a table's.
struct CompositeType {
  std::string name;
  std::vector<CompositeAttribute> attributes;  // in type order
  std::optional<std::string> comment;

  SourceLocation where;
};

// CREATE TYPE name AS RANGE (SUBTYPE = ..., ...). Postgres cannot alter a range type: a change
// drops and creates it.
struct RangeType {
  std::string name;
  std::string subtype;
  std::optional<std::string> subtype_opclass;  // only when not the subtype's default
  std::optional<std::string> collation;        // only when not the subtype's default
  std::optional<std::string> subtype_diff;     // a function's name
  std::string multirange;  // the multirange type made with it; empty: Postgres's choice
  std::optional<std::string> comment;

  SourceLocation where;
};

struct Sequence {
  std::string name;
  SequenceOptions options;
  std::optional<std::string> owned_by;  // "table.column"
  std::optional<std::string> comment;

  SourceLocation where;
};

struct View {
  std::string name;
  std::string definition;  // the SELECT, as pg_get_viewdef prints it
  bool materialized = false;
  std::vector<Index> indexes;  // materialized views only
  std::optional<std::string> comment;
  std::vector<ViewDependency> depends_on;  // filled by introspection; sorted
  // Functions, aggregates... of other than the system schemas that the view calls: recon cannot
  // create those, so such a view cannot be planned (inspect lists it under `ignore`). Filled by
  // introspection ("aggregate group_concat(text)"); not part of the canonical form.
  std::vector<std::string> uses_unmanaged;
  std::vector<std::string> calls;  // routines of the schema it calls, as Column::calls
  std::vector<std::string> text_search_configs;  // as Column::text_search_configs
  std::vector<Trigger> triggers;                 // INSTEAD OF triggers and the like; sorted by name

  SourceLocation where;
};

// A function or procedure. Overloads share a name, so the catalog keys routines by signature:
// the name and the argument types as Postgres prints them, "total(integer, text)".
struct Routine {
  std::string name;
  bool procedure = false;
  std::string arguments;  // names, modes and defaults: "a integer, b text DEFAULT 'x'::text"
  std::string returns;    // "integer", "SETOF users", "TABLE(id integer)"; empty for a procedure
  std::string language = "sql";
  // A string body exactly as written (Postgres keeps it so), or an SQL-standard body
  // ("BEGIN ATOMIC ... END", "RETURN ...") as Postgres prints it: what Postgres compares.
  std::string body;
  std::string volatility = "volatile";  // immutable | stable | volatile
  bool strict = false;
  bool security_definer = false;
  bool leakproof = false;
  std::string parallel = "unsafe";    // safe | restricted | unsafe
  std::optional<std::string> cost;    // only when not Postgres's default for the language
  std::optional<std::string> rows;    // only when not Postgres's default
  std::vector<std::string> settings;  // SET name = value, as "name=value" (pg_proc.proconfig)
  std::optional<std::string> comment;
  // Routines of the schema its SQL-standard body calls (pg_depend), as Column::calls.
  std::vector<std::string> calls;
  // Dependency keys of what had to exist before it could be created on the dev database (a
  // string body is checked against the tables it reads, and Postgres records no dependency for
  // it): found by planning, not canonical.
  std::vector<std::string> created_after;

  std::string written_body;  // the declaration's own text of an SQL-standard body, for review
  SourceLocation where;
};

// A collation of the schema (CREATE COLLATION), for its columns and indexes to sort by.
struct Collation {
  std::string name;
  std::string provider = "libc";        // libc | icu
  std::string locale;                   // ICU's locale, or libc's LC_COLLATE
  std::optional<std::string> lc_ctype;  // libc: only when it differs from `locale`
  bool deterministic = true;
  std::optional<std::string> comment;

  SourceLocation where;
};

// A text search dictionary (CREATE TEXT SEARCH DICTIONARY): a template (simple, snowball,
// synonym, ispell, ... of pg_catalog) and its options.
struct TextSearchDictionary {
  std::string name;
  std::string template_name;  // a template of pg_catalog by name, else "schema.name" (quoted)
  // Option name (lower case) -> value, as Postgres keeps them (dictinitoption): every value is
  // text ("accept" -> "false").
  std::map<std::string, std::string> options;
  std::optional<std::string> comment;

  SourceLocation where;
};

// A text search configuration (CREATE TEXT SEARCH CONFIGURATION): a parser, and for each token
// type it maps the dictionaries that are tried in turn.
struct TextSearchConfiguration {
  std::string name;
  std::string parser = "default";  // a parser of pg_catalog by name, else "schema.name" (quoted)
  // Token type alias ("asciiword") -> dictionaries in order, named as Postgres prints them
  // (regdictionary: unqualified in the schema and pg_catalog, quoted as needed).
  std::map<std::string, std::vector<std::string>> mapping;
  std::optional<std::string> comment;

  SourceLocation where;
};

// An aggregate (CREATE AGGREGATE) of the usual kind: a state function folds each row into a
// state of the state type; a final function, when there is one, makes the result of it.
// Functions are named as Postgres prints them (regproc: qualified when not in the schema).
struct Aggregate {
  std::string name;
  std::string arguments;  // the argument types: "text", "integer, text"
  std::string state_function;
  std::string state_type;
  std::optional<std::string> final_function;
  std::optional<std::string> combine_function;
  std::optional<std::string> initial_value;  // INITCOND, as text
  std::string parallel = "unsafe";
  std::optional<std::string> comment;
  std::vector<std::string> calls;  // as Column::calls

  SourceLocation where;
};

// An object of a kind recon does not model yet (function, trigger, aggregate, ...):
// reported, never dropped silently.
struct UnsupportedObject {
  std::string kind;
  std::string name;

  auto operator<=>(const UnsupportedObject&) const = default;
};

// A privilege that a role holds on the schema or on an object of it (GRANT), beyond what its
// owner holds. Postgres gives PUBLIC EXECUTE on every function and USAGE on every type unless
// that is revoked: such a default is no Grant; its absence is one, `revoked`.
struct Grant {
  std::string on;          // schema | table (views too) | sequence | function | type
  std::string object;      // its name (a routine's Catalog::routines key); "" for the schema
  std::string column;      // a column's privilege: its name; "" for the whole object
  std::string role;        // the grantee; "PUBLIC" for every role
  std::string privilege;   // SELECT, INSERT, USAGE, EXECUTE, ...
  bool grantable = false;  // WITH GRANT OPTION
  bool revoked = false;    // PUBLIC's default privilege taken away

  SourceLocation where;

  auto tied() const { return std::tie(on, object, column, role, privilege, grantable, revoked); }
  friend bool operator==(const Grant& a, const Grant& b) { return a.tied() == b.tied(); }
  friend auto operator<=>(const Grant& a, const Grant& b) { return a.tied() <=> b.tied(); }
};

// ALTER DEFAULT PRIVILEGES FOR ROLE for_role IN SCHEMA ...: what objects that role creates in
// the schema are granted from the start.
struct DefaultPrivilege {
  std::string for_role;   // the role that creates the objects
  std::string on;         // tables | sequences | functions | types
  std::string role;       // the grantee; "PUBLIC" for every role
  std::string privilege;  // SELECT, USAGE, EXECUTE, ...
  bool grantable = false;

  SourceLocation where;

  auto tied() const { return std::tie(for_role, on, role, privilege, grantable); }
  friend bool operator==(const DefaultPrivilege& a, const DefaultPrivilege& b) {
    return a.tied() == b.tied();
  }
  friend auto operator<=>(const DefaultPrivilege& a, const DefaultPrivilege& b) {
    return a.tied() <=> b.tied();
  }
};

struct Catalog {
  std::string schema;
  bool schema_exists = true;  // false: introspected, and the schema is not there (not canonical)
  std::optional<std::string> schema_comment;
  std::map<std::string, Table> tables;
  std::map<std::string, EnumType> enums;
  std::map<std::string, Domain> domains;
  std::map<std::string, CompositeType> composites;
  std::map<std::string, RangeType> ranges;
  std::map<std::string, Sequence> sequences;
  std::map<std::string, View> views;
  std::map<std::string, Routine> routines;      // by signature: "name(argument types)"
  std::map<std::string, Aggregate> aggregates;  // by signature, as routines
  std::map<std::string, Collation> collations;
  std::map<std::string, TextSearchDictionary> text_search_dictionaries;
  std::map<std::string, TextSearchConfiguration> text_search_configurations;
  // Extensions installed in the schema (CREATE EXTENSION ... WITH SCHEMA), by name: their
  // members (btree_gist's operator classes, ...) are the extension's, not declared one by one.
  std::vector<std::string> extensions;
  // Whether the project governs privileges: when it declares none, the grants and default
  // privileges found in its schema are left alone (and not introspected).
  bool manages_privileges = false;
  std::vector<Grant> grants;                         // canonical: sorted, unique
  std::vector<DefaultPrivilege> default_privileges;  // canonical: sorted, unique

  // Relations in the schema that the project leaves alone (alembic_version, ...).
  std::vector<std::string> ignored;
  std::vector<UnsupportedObject> unsupported;
};

// Whether the schema has text search dictionaries or configurations: the parts of a schema that
// plans are checked and normalized on (plan/part.hpp) leave them out.
inline bool has_text_search(const Catalog& c) {
  return !c.text_search_dictionaries.empty() || !c.text_search_configurations.empty();
}

}  // namespace recon
