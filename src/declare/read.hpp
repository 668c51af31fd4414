// The readers of each kind of declared object, one file each. They report what they can
// check locally and record in the Declaration what must be checked against other objects.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "declare/declaration.hpp"
#include "declare/fields.hpp"

namespace recon::declare {

// A named object: the TOML table under [tables.NAME], [enums.NAME], ...
struct Named {
  std::string name;
  SourceLocation where;  // the name
  const toml::table& body;
};

void read_table(const Named& table, const std::string& file, Declaration& out,
                Diagnostics& diagnostics);
void read_enum(const Named& type, const std::string& file, Catalog& out, Diagnostics& diagnostics);
void read_domain(const Named& domain, const std::string& file, Catalog& out,
                 Diagnostics& diagnostics);
void read_composite(const Named& composite, const std::string& file, Catalog& out,
                    Diagnostics& diagnostics);
void read_range(const Named& range, const std::string& file, Catalog& out,
                Diagnostics& diagnostics);
void read_sequence(const Named& sequence, const std::string& file, Declaration& out,
                   Diagnostics& diagnostics);
void read_view(const Named& view, const std::string& file, Catalog& out, Diagnostics& diagnostics);
// [KEY.NAME] or [[KEY.NAME]] (one per overload): visit(fields, name, where) for each.
using OverloadVisitor =
    std::function<void(const Fields&, const std::string&, const SourceLocation&)>;
void for_each_overload(const Fields& top, std::string_view key, const std::string& kind,
                       const std::vector<std::string>& known, const OverloadVisitor& visit);
void read_aggregates(const Fields& top, Catalog& out);
void read_collation(const Named& collation, const std::string& file, Catalog& out,
                    Diagnostics& diagnostics);
void read_text_search_dictionary(const Named& dictionary, const std::string& file, Catalog& out,
                                 Diagnostics& diagnostics);
void read_text_search_configuration(const Named& configuration, const std::string& file,
                                    Catalog& out, Diagnostics& diagnostics);
// [functions.NAME] and [[functions.NAME]] (overloads), or the same under `procedures`.
void read_routines(const Fields& top, std::string_view key, Catalog& out);
// [[grants]], [[revokes]], [[default_privileges]].
void read_privileges(const Fields& top, Catalog& out);
// [RELATION.triggers.NAME] of a table or view.
void read_triggers(const Fields& relation, std::vector<Trigger>& out);
// A table's `row_security` and [tables.NAME.policies.POLICY] (policy.cpp).
void read_row_security(const Fields& table, Table& out);
void read_policies(const Fields& table, std::vector<Policy>& out);

// The keys shared by sequences and identity columns.
SequenceOptions read_sequence_options(const Fields& fields);

// smallint, integer or bigint, in any of the spellings Postgres accepts.
bool is_integer_type(std::string_view type);

// A column of a table, with the keys that declare table constraints in shorthand.
struct ColumnDeclaration {
  Column column;
  SourceLocation name_where;
  SourceLocation type_where;
  std::optional<SourceLocation> primary_key;
  std::optional<SourceLocation> unique;
  std::optional<Located<std::string>> check;
  std::optional<SourceLocation> nullable_true;  // `nullable = true` written out
};
ColumnDeclaration read_column(const toml::table& body, std::string what, const std::string& file,
                              Diagnostics& diagnostics);

// An index of a table or materialized view, with the columns it names.
struct IndexDeclaration {
  Index index;
  std::vector<Located<std::string>> columns;  // key columns and INCLUDE columns
};
IndexDeclaration read_index(const toml::table& body, std::string what, const std::string& file,
                            Diagnostics& diagnostics);

// The column names under `key` (an array of strings), each checked as a name and named once.
std::vector<Located<std::string>> column_list(const Fields& fields, std::string_view key,
                                              bool required);

// Table constraints; `columns` collects the columns they name.
struct ConstraintDeclaration {
  Constraint constraint;
  std::vector<Located<std::string>> columns;
};
// `primary_key` of the table: an array of column names or a table with options.
ConstraintDeclaration read_primary_key(const Fields& table);
ConstraintDeclaration read_unique(const Fields& fields);
Constraint read_check(const Fields& fields);
Constraint read_exclude(const Fields& fields);
// Also fills `use` with the places of the referenced table and columns.
ConstraintDeclaration read_foreign_key(const Fields& fields, ForeignKeyUse& use);

}  // namespace recon::declare
