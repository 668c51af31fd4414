#include "diff/diff.hpp"

#include <algorithm>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"

namespace recon::diff {

Change& Context::emit(ChangeKind kind, std::string object, std::string summary, std::string sql) {
  Change change;
  change.kind = kind;
  change.object = std::move(object);
  change.summary = std::move(summary);
  change.sql = std::move(sql);
  changes.push_back(std::move(change));
  return changes.back();
}

std::set<std::string> dropped_not_renamed(const Context& ctx) {
  std::set<std::string> out;
  for (const auto& c : ctx.changes)
    if (c.kind != ChangeKind::rename_table && c.kind != ChangeKind::rename_column)
      out.insert(c.drops.begin(), c.drops.end());
  return out;
}

namespace {

void diff_schema(Context& ctx) {
  if (!ctx.from.schema_exists) {
    auto& c =
        ctx.emit(ChangeKind::create_schema, "schema " + ctx.to.schema, "+ schema " + ctx.to.schema,
                 "CREATE SCHEMA IF NOT EXISTS " + quote_ident(ctx.to.schema) + ";");
    c.creates.push_back("schema");
  }
  if (ctx.from.schema_comment != ctx.to.schema_comment) {
    auto& c = ctx.emit(
        ChangeKind::comment, "schema " + ctx.to.schema, "~ schema " + ctx.to.schema + ": comment",
        ddl::comment_on("SCHEMA " + quote_ident(ctx.to.schema), ctx.to.schema_comment));
    c.needs.push_back("schema");
  }
}

// Extensions are created in the schema before anything that could use their types, operator
// classes or functions, and dropped after everything that could.
void diff_extensions(Context& ctx) {
  const auto& from = ctx.from.extensions;
  const auto& to = ctx.to.extensions;
  for (const auto& name : to) {
    if (std::find(from.begin(), from.end(), name) != from.end()) continue;
    auto& c = ctx.emit(ChangeKind::create_extension, "extension " + name, "+ extension " + name,
                       "CREATE EXTENSION IF NOT EXISTS " + quote_ident(name) + " WITH SCHEMA " +
                           quote_ident(ctx.to.schema) + ";");
    c.creates.push_back("extension:" + name);
  }
  for (const auto& name : from) {
    if (std::find(to.begin(), to.end(), name) != to.end()) continue;
    auto& c = ctx.emit(ChangeKind::drop_extension, "extension " + name, "- extension " + name,
                       "DROP EXTENSION " + quote_ident(name) + ";");
    c.drops.push_back("extension:" + name);
    c.hazards.push_back(
        {hazard::data_loss, "drops extension " + name + " and its functions, types and operators"});
  }
}

}  // namespace

std::vector<Change> diff(const Catalog& from, const Catalog& to, const Options& options,
                         const NullableFirst& nullable_first) {
  Context ctx{from, to, {}, options.online, nullable_first, {}, {}};
  diff_schema(ctx);
  diff_extensions(ctx);
  diff_collations(ctx);
  diff_text_search(ctx);
  diff_enums(ctx);
  diff_domains(ctx);
  diff_ranges(ctx);
  diff_composites(ctx);
  diff_sequences(ctx);
  // Before what calls them: their users are rebuilt around a routine that is dropped.
  diff_routines(ctx);
  diff_tables(ctx);
  diff_partition_index_names(ctx);
  refuse_dropping_partitions_elsewhere(ctx);
  diff_views(ctx);
  diff_triggers(ctx);
  diff_policies(ctx);
  commit_used_enum_values(ctx);
  diff_grants(ctx);
  // Everything in the schema comes after the schema itself.
  for (auto& change : ctx.changes) {
    if (change.kind != ChangeKind::create_schema) change.needs.push_back("schema");
  }
  return std::move(ctx.changes);
}

}  // namespace recon::diff
