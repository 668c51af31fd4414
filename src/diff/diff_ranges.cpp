// Range types: created before the columns and types that use them, dropped after. Postgres
// cannot alter one (but for its comment): a changed range type is dropped and created again,
// which is refused while columns use it.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "catalog/ddl.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/names.hpp"

namespace recon::diff {
namespace {

std::string comment_sql(const RangeType& r) {
  return ddl::comment_on("TYPE " + quote_ident(r.name), r.comment);
}

std::string create_range_sql(const RangeType& r) {
  std::string sql = "CREATE TYPE " + quote_ident(r.name) + " AS RANGE (SUBTYPE = " + r.subtype;
  if (r.subtype_opclass) sql += ", SUBTYPE_OPCLASS = " + *r.subtype_opclass;
  if (r.collation) sql += ", COLLATION = " + ddl::collation_name(*r.collation);
  if (r.subtype_diff) sql += ", SUBTYPE_DIFF = " + *r.subtype_diff;
  if (!r.multirange.empty()) sql += ", MULTIRANGE_TYPE_NAME = " + quote_ident(r.multirange);
  sql += ");";
  if (r.comment) sql += "\n" + comment_sql(r);
  return sql;
}

// The keys of a range type and of its multirange type: columns may use either.
std::vector<std::string> range_keys(const RangeType& r) {
  std::vector<std::string> out = {keys::type(r.name)};
  if (!r.multirange.empty()) out.push_back(keys::type(r.multirange));
  return out;
}

void create_range(Context& ctx, const RangeType& r) {
  auto& c = ctx.emit(ChangeKind::create_range, "range type " + r.name, "+ range type " + r.name,
                     create_range_sql(r));
  c.creates = range_keys(r);
  c.needs = keys::type_uses(ctx.to, r.subtype);
  c.where = r.where;
}

void drop_range(Context& ctx, const RangeType& r) {
  auto& c = ctx.emit(ChangeKind::drop_range, "range type " + r.name, "- range type " + r.name,
                     "DROP TYPE " + quote_ident(r.name) + ";");
  c.drops = range_keys(r);
  c.uses_old = keys::type_uses(ctx.from, r.subtype);
}

// The columns of A that use the range type (or its multirange type) and still do in B.
std::vector<std::string> columns_using(const Context& ctx, const RangeType& r) {
  const auto own = range_keys(r);
  auto uses = [&](const Catalog& catalog, const Column& column) {
    for (const auto& key : keys::column_uses(catalog, column))
      if (std::find(own.begin(), own.end(), key) != own.end()) return true;
    return false;
  };
  std::vector<std::string> out;
  for (const auto& [name, before] : ctx.from.tables) {
    const auto after = ctx.to.tables.find(name);
    if (after == ctx.to.tables.end()) continue;
    for (const auto& column : before.columns)
      for (const auto& now : after->second.columns)
        if (now.name == column.name && uses(ctx.from, column) && uses(ctx.to, now))
          out.push_back(name + "." + column.name);
  }
  return out;
}

bool same_definition(const RangeType& a, const RangeType& b) {
  return std::tie(a.subtype, a.subtype_opclass, a.collation, a.subtype_diff, a.multirange) ==
         std::tie(b.subtype, b.subtype_opclass, b.collation, b.subtype_diff, b.multirange);
}

void alter_range(Context& ctx, const RangeType& before, const RangeType& after) {
  if (!same_definition(before, after)) {
    const auto users = columns_using(ctx, after);
    if (!users.empty()) {
      std::string list;
      for (const auto& user : users) list += (list.empty() ? "" : ", ") + user;
      throw InputError(
          {{after.where, fmt::format("range type '{}' changes, which Postgres cannot alter: it "
                                     "would have to be dropped and created again, and columns "
                                     "use it ({}). Declare the new definition as a range type "
                                     "of another name, set those columns' type to it and "
                                     "remove '{}' (one plan does all three); or keep '{}' as "
                                     "it is",
                                     after.name, list, after.name, after.name)}});
    }
    drop_range(ctx, before);
    create_range(ctx, after);
    return;
  }
  if (before.comment != after.comment) {
    auto& c = ctx.emit(ChangeKind::comment, "range type " + after.name,
                       "~ range type " + after.name + ": comment", comment_sql(after));
    c.needs.push_back(keys::type(after.name));
  }
}

}  // namespace

void diff_ranges(Context& ctx) {
  const auto& from = ctx.from.ranges;
  const auto& to = ctx.to.ranges;
  for (const auto& name : names_only_in(to, from)) create_range(ctx, to.at(name));
  for (const auto& name : names_in_both(from, to)) alter_range(ctx, from.at(name), to.at(name));
  for (const auto& name : names_only_in(from, to)) drop_range(ctx, from.at(name));
}

}  // namespace recon::diff
