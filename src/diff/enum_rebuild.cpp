// An enum that loses a value is rebuilt: Postgres cannot remove an enum value, but a new type
// with the new values can take over every column, in one step (one transaction):
//   CREATE TYPE <temporary> AS ENUM (...); ALTER TABLE ... ALTER COLUMN c TYPE <temporary>
//   USING c::text::<temporary>; DROP TYPE <old>; ALTER TYPE <temporary> RENAME TO <old>;
// A row that still holds a removed value makes its cast fail, and the whole step rolls back.
#include <fmt/format.h>

#include <algorithm>

#include "catalog/ddl.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"

namespace recon::diff {
namespace {

struct EnumUser {
  std::string table;
  Column column;
  std::string array_suffix;  // "[]" per dimension of an array of the enum
};

std::string array_suffix_of(const std::string& type) {
  std::string suffix;
  for (std::string_view t = type; t.size() >= 2 && t.substr(t.size() - 2) == "[]";
       t.remove_suffix(2))
    suffix += "[]";
  return suffix;
}

// The columns of the old catalog whose type is the enum, or an array of it.
std::vector<EnumUser> enum_users(const Catalog& from, const std::string& name) {
  const std::string spelled = quote_ident(name);
  std::vector<EnumUser> out;
  for (const auto& [table_name, table] : from.tables) {
    for (const auto& column : table.columns) {
      const std::string suffix = array_suffix_of(column.type);
      if (column.type.substr(0, column.type.size() - suffix.size()) == spelled)
        out.push_back({table_name, column, suffix});
    }
  }
  return out;
}

// Postgres cannot change a domain's base type: a domain over the enum blocks the rebuild.
void check_no_domain_over(const Catalog& from, const EnumType& after,
                          const std::vector<std::string>& removed) {
  for (const auto& [name, domain] : from.domains) {
    if (domain.base_type != quote_ident(after.name)) continue;
    throw InputError(
        {{after.where, fmt::format("enum '{}' no longer has the value '{}', so recon would "
                                   "rebuild the type, but domain '{}' is based on it and Postgres "
                                   "cannot change a domain's base type: declare a new enum, base "
                                   "a new domain on it and move the columns to it, then remove the "
                                   "old ones",
                                   after.name, removed.front(), name)}});
  }
}

// A name for the new type while the old one still exists, within Postgres's 63 bytes.
std::string rebuild_type_name(const std::string& name) {
  return name.substr(0, 48) + "__recon_rebuild";
}

std::string removed_list(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "'" : ", '") + v + "'";
  return out;
}

bool mentions_type(const std::string& sql, const std::string& spelled) {
  return sql.find("::" + spelled) != std::string::npos;
}

bool index_mentions_type(const Index& index, const std::string& spelled) {
  if (index.where && mentions_type(*index.where, spelled)) return true;
  return std::any_of(index.keys.begin(), index.keys.end(),
                     [&](const IndexKey& k) { return mentions_type(k.expression, spelled); });
}

// Checks and indexes that compare with a value of the type ('open'::state) cannot follow their
// column to the new type (Postgres has no operator between the two): those the plan keeps are
// dropped before the columns move and made again once the new type has the old name; those it
// drops or changes are dropped by their own steps, first.
struct CarriedOver {
  std::string drop_sql, create_sql;
  std::vector<std::string> dropped_first;  // keys of the plan's own drops
};

CarriedOver carried_over(const Context& ctx, const std::string& name,
                         const std::vector<EnumUser>& users) {
  const std::string spelled = quote_ident(name);
  CarriedOver out;
  std::vector<std::string> tables;
  for (const auto& user : users) {
    if (std::find(tables.begin(), tables.end(), user.table) == tables.end())
      tables.push_back(user.table);
  }
  for (const auto& table_name : tables) {
    const Table& before = ctx.from.tables.at(table_name);
    const auto after = ctx.to.tables.find(table_name);
    const std::string table = quote_ident(table_name);
    for (const auto& check : before.constraints) {
      if (check.kind != ConstraintKind::check || !mentions_type(check.expression, spelled))
        continue;
      const bool kept =
          after != ctx.to.tables.end() &&
          std::any_of(after->second.constraints.begin(), after->second.constraints.end(),
                      [&](const Constraint& c) {
                        return c.name == check.name &&
                               ddl::constraint_clause(c) == ddl::constraint_clause(check);
                      });
      if (!kept) {
        out.dropped_first.push_back(keys::con(table_name, check.name));
        continue;
      }
      out.drop_sql +=
          "\nALTER TABLE " + table + " DROP CONSTRAINT " + quote_ident(check.name) + ";";
      out.create_sql += "\n" + ddl::add_constraint(table_name, check);
      if (check.comment)
        out.create_sql +=
            "\n" + ddl::comment_on("CONSTRAINT " + quote_ident(check.name) + " ON " + table,
                                   check.comment);
    }
    for (const auto& index : before.indexes) {
      if (!index_mentions_type(index, spelled)) continue;
      const bool kept =
          after != ctx.to.tables.end() &&
          std::any_of(after->second.indexes.begin(), after->second.indexes.end(),
                      [&](const Index& i) {
                        return i.name == index.name && same_index_definition(i, index);
                      });
      if (!kept) {
        out.dropped_first.push_back(keys::rel(index.name));
        continue;
      }
      out.drop_sql += "\nDROP INDEX " + quote_ident(index.name) + ";";
      out.create_sql += "\n" + ddl::create_index(table_name, index);
      if (index.comment)
        out.create_sql += "\n" + ddl::comment_on("INDEX " + quote_ident(index.name), index.comment);
    }
  }
  return out;
}

}  // namespace

void rebuild_enum(Context& ctx, const EnumType& after, const std::vector<std::string>& removed,
                  const std::string& renames) {
  check_no_domain_over(ctx.from, after, removed);
  const std::string old_type = quote_ident(after.name);
  EnumType next = after;
  next.name = rebuild_type_name(after.name);
  const std::string new_type = quote_ident(next.name);
  const auto users = enum_users(ctx.from, after.name);
  const CarriedOver carried = carried_over(ctx, after.name, users);
  std::string sql = renames + ddl::create_enum(next) + carried.drop_sql;
  std::string defaults;
  for (const auto& user : users) {
    const std::string alter = "ALTER TABLE " + quote_ident(user.table) + " ALTER COLUMN " +
                              quote_ident(user.column.name) + " ";
    const std::string target = new_type + user.array_suffix;
    // Postgres cannot cast a default to the new type: it is dropped, and set again once the
    // new type has the old one's name.
    if (user.column.default_expr) {
      sql += "\n" + alter + "DROP DEFAULT;";
      defaults += "\n" + alter + "SET DEFAULT " + *user.column.default_expr + ";";
    }
    sql += "\n" + alter + "TYPE " + target + " USING " + quote_ident(user.column.name) + "::text" +
           user.array_suffix + "::" + target + ";";
  }
  sql += "\nDROP TYPE " + old_type + ";";
  sql +=
      "\nALTER TYPE " + new_type + " RENAME TO " + old_type + ";" + defaults + carried.create_sql;
  if (after.comment) sql += "\n" + ddl::comment_on("TYPE " + old_type, after.comment);
  auto& c = ctx.emit(ChangeKind::alter_enum, "enum " + after.name,
                     "~ enum " + after.name + ": rebuilt without " + removed_list(removed), sql);
  c.needs.push_back(keys::type(after.name));
  // What uses the type in this plan (a new column of it) comes after, on the new type.
  c.creates.push_back(keys::type(after.name));
  c.after_drops = carried.dropped_first;
  c.where = after.where;
  c.hazards.push_back(
      {hazard::data_loss,
       fmt::format("removes {} from enum {}: the step fails, and the revision rolls back, if a "
                   "row still holds one (update those rows first)",
                   removed_list(removed), after.name)});
  for (const auto& user : users) {
    // Views reading the column are dropped before and created again after (diff_views).
    c.drops.push_back(keys::col(user.table, user.column.name));
    c.creates.push_back(keys::col(user.table, user.column.name));
    c.hazards.push_back({hazard::table_rewrite,
                         fmt::format("rewrites {} and its indexes to move {} to the rebuilt type",
                                     user.table, user.column.name)});
  }
  if (!users.empty()) {
    c.hazards.push_back({hazard::access_exclusive_lock, "locks every table with a column of type " +
                                                            after.name + " while it is rewritten"});
  }
}

}  // namespace recon::diff
