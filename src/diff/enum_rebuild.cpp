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

}  // namespace

void rebuild_enum(Context& ctx, const EnumType& after, const std::vector<std::string>& removed) {
  check_no_domain_over(ctx.from, after, removed);
  const std::string old_type = quote_ident(after.name);
  EnumType next = after;
  next.name = rebuild_type_name(after.name);
  const std::string new_type = quote_ident(next.name);
  const auto users = enum_users(ctx.from, after.name);
  std::string sql = ddl::create_enum(next);
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
  sql += "\nALTER TYPE " + new_type + " RENAME TO " + old_type + ";" + defaults;
  if (after.comment) sql += "\n" + ddl::comment_on("TYPE " + old_type, after.comment);
  auto& c = ctx.emit(ChangeKind::alter_enum, "enum " + after.name,
                     "~ enum " + after.name + ": rebuilt without " + removed_list(removed), sql);
  c.needs.push_back(keys::type(after.name));
  c.where = after.where;
  // Values renamed in place come first, so that rows keep them through the casts.
  for (const auto& [new_value, old_value] : after.value_renamed_from)
    c.needs.push_back(keys::enum_value(after.name, new_value));
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
