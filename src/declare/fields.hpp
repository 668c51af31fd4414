// Checked access to the keys of one TOML table. Every reader of a declaration goes through
// it, so that unknown keys, wrong value types and missing keys are reported the same way
// everywhere, at the position of the offending key or value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "declare/diagnostics.hpp"
#include "declare/sql_text.hpp"

namespace recon::declare {

template <class T>
struct Located {
  T value;
  SourceLocation where;
};

class Fields {
 public:
  // Reports at once every key that `known` does not list, with the closest valid key.
  // `what` names the table in messages ("column 'title'"); empty means the top level.
  Fields(const toml::table& table, std::string what, const std::vector<std::string>& known,
         const std::string& file, Diagnostics& diagnostics);

  const std::string& what() const { return what_; }
  const std::string& context() const { return context_; }
  const std::string& file() const { return file_; }
  const toml::table& table() const { return table_; }
  Diagnostics& diagnostics() const { return diagnostics_; }

  SourceLocation where() const;
  // The key's value, or the table itself when the key is absent.
  SourceLocation where(std::string_view key) const;
  SourceLocation at(const toml::node& node) const;
  const toml::node* get(std::string_view key) const { return table_.get(key); }

  void error(SourceLocation where, std::string message) const;
  void missing(std::string_view key) const;
  void wrong_type(std::string_view key, const toml::node& value, std::string_view expected) const;

  std::optional<std::string> text(std::string_view key) const;
  std::optional<Located<std::string>> located_text(std::string_view key) const;
  // SQL text (a type, an expression): absent is fine; blank, or not self-contained (see
  // sql_text.hpp), is an error.
  std::optional<std::string> sql(std::string_view key, SqlShape shape = SqlShape::expression) const;
  // Like sql(), but the key must be present.
  std::string required_sql(std::string_view key, SqlShape shape = SqlShape::expression) const;
  // Reports SQL text that is not self-contained, as `label` (e.g. "check #2 of table 't'").
  bool check_sql(std::string_view text, const SourceLocation& where, const std::string& label,
                 SqlShape shape = SqlShape::expression) const;
  // A comment: Postgres drops empty comments, so "" means none.
  std::optional<std::string> comment(std::string_view key = "comment") const;
  std::optional<bool> flag(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;

  // An array of strings; nullopt when absent or of the wrong type (reported).
  std::optional<std::vector<Located<std::string>>> strings(std::string_view key) const;
  // A string or an array of strings ("renamed_from = 'a'" or "['a', 'b']").
  std::vector<Located<std::string>> one_or_more(std::string_view key) const;

  // A keyword from a fixed list, compared case-insensitively with whitespace runs collapsed,
  // returned in the list's spelling.
  std::optional<std::string> choice(std::string_view key,
                                    const std::vector<std::string>& valid) const;

 private:
  const toml::table& table_;
  std::string what_;
  std::string context_;  // "in column 'title'" or "at the top level"
  const std::string& file_;
  Diagnostics& diagnostics_;
};

// The keyword as the reader compares it: lower case, trimmed, single spaces.
std::string normalize_keyword(std::string_view text);

// "'a', 'b' or 'c'"
std::string list_choices(const std::vector<std::string>& choices);

// "foreign key 'fk_owner' of table 'todos'" or "foreign key #2 of table 'todos'": how an
// element of an array of tables is named, by its `name` key when it has one.
std::string describe_element(std::string_view kind, const toml::node& element, std::size_t ordinal,
                             std::string_view owner);

// Visits each element of the array under `key`, with its ordinal (from 1). Elements must be
// tables, or tables or strings when `strings_too`; anything else is reported.
void for_each_element(const Fields& fields, std::string_view key, bool strings_too,
                      const std::function<void(const toml::node&, std::size_t)>& visit);

// `renamed_from`: a name or an array of names, each checked as a name.
std::vector<std::string> read_renamed_from(const Fields& fields);

// Visits each table under `key`, a table of them by name ([tables.t.triggers.NAME]), with its
// name and the name's place. Names are checked (as "<kind> name"); a value that is no table is
// reported ("<kind> 'x' in table 't' must be a table").
void for_each_named_table(const Fields& fields, std::string_view key, const std::string& kind,
                          const std::function<void(const toml::table&, const std::string&,
                                                   const SourceLocation&)>& visit);

}  // namespace recon::declare
