// Functions and procedures. A change of body or attributes is CREATE OR REPLACE; a change
// Postgres cannot make so (arguments' names, modes or defaults, the return type) drops the
// routine and creates it again, and with it everything that calls it (diff stage-wide:
// Context::rebuilt_routines).
#include <set>

#include "catalog/ddl.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/names.hpp"

namespace recon::diff {
namespace {

std::string kind_word(const Routine& r) {
  return r.procedure ? "procedure" : "function";
}

std::string object_of(const std::string& signature, const Routine& r) {
  return kind_word(r) + " " + signature;
}

std::string comment_sql(const std::string& signature, const Routine& r) {
  return ddl::comment_on(ddl::routine_reference(signature, r), r.comment);
}

// The SQL that would create it: equal for two routines Postgres would store alike.
std::string definition(Routine r) {
  r.written_body.clear();
  return ddl::create_routine(r);
}

// CREATE OR REPLACE cannot change the kind, the return type, or the arguments' names, modes
// and defaults.
bool replaceable(const Routine& old, const Routine& now) {
  return old.procedure == now.procedure && old.returns == now.returns &&
         old.arguments == now.arguments;
}

void create_routine(Context& ctx, const std::string& signature, const Routine& r) {
  std::string sql = ddl::create_routine(r);
  if (r.comment) sql += "\n" + comment_sql(signature, r);
  auto& c = ctx.emit(ChangeKind::create_routine, object_of(signature, r),
                     "+ " + object_of(signature, r), sql);
  c.needs = keys::routine_uses(ctx.to, signature, r);
  c.creates.push_back(keys::routine(signature));
  c.where = r.where;
}

void drop_routine(Context& ctx, const std::string& signature, const Routine& r, bool rebuilt) {
  auto& c =
      ctx.emit(ChangeKind::drop_routine, object_of(signature, r), "- " + object_of(signature, r),
               "DROP " + ddl::routine_reference(signature, r) + ";");
  c.drops.push_back(keys::routine(signature));
  c.uses_old = keys::routine_uses(ctx.from, signature, r);
  if (!rebuilt) {
    c.hazards.push_back(
        {hazard::backward_incompatible,
         "the application version running during the deploy may still call " + signature});
  }
}

void replace_routine(Context& ctx, const std::string& signature, const Routine& r) {
  auto& c = ctx.emit(ChangeKind::alter_routine, object_of(signature, r),
                     "~ " + object_of(signature, r) + ": definition", ddl::create_routine(r, true));
  c.needs = keys::routine_uses(ctx.to, signature, r);
  c.needs.push_back(keys::routine(signature));
  c.where = r.where;
}

// The routines to drop: those no longer declared, those CREATE OR REPLACE cannot change, and,
// transitively, the kept ones whose SQL-standard body calls one of them.
std::set<std::string> dropped_routines(const Context& ctx) {
  const auto& from = ctx.from.routines;
  const auto& to = ctx.to.routines;
  std::set<std::string> out;
  for (const auto& [signature, old] : from) {
    const auto now = to.find(signature);
    if (now == to.end() || !replaceable(old, now->second)) out.insert(signature);
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [signature, old] : from) {
      if (out.count(signature)) continue;
      for (const auto& called : old.calls) {
        if (out.count(called)) {
          grew = out.insert(signature).second;
          break;
        }
      }
    }
  }
  return out;
}

// The types of its arguments and state, and the functions it calls.
std::vector<std::string> aggregate_uses(const Catalog& catalog, const Aggregate& a) {
  Routine as_routine;
  as_routine.returns = a.state_type;
  as_routine.calls = a.calls;
  return keys::routine_uses(catalog, a.name + "(" + a.arguments + ")", as_routine);
}

std::string aggregate_reference(const std::string& signature, const Aggregate& a) {
  Routine named;
  named.name = a.name;
  const std::string reference = ddl::routine_reference(signature, named);  // "FUNCTION ..."
  return "AGGREGATE " + reference.substr(reference.find(' ') + 1);
}

void create_aggregate(Context& ctx, const std::string& signature, const Aggregate& a,
                      bool or_replace) {
  std::string sql = ddl::create_aggregate(a, or_replace);
  if (a.comment) sql += "\n" + ddl::comment_on(aggregate_reference(signature, a), a.comment);
  auto& c = ctx.emit(or_replace ? ChangeKind::alter_routine : ChangeKind::create_routine,
                     "aggregate " + signature,
                     (or_replace ? "~ aggregate " : "+ aggregate ") + signature +
                         (or_replace ? ": definition" : ""),
                     sql);
  c.needs = aggregate_uses(ctx.to, a);
  if (or_replace)
    c.needs.push_back(keys::routine(signature));
  else
    c.creates.push_back(keys::routine(signature));
  c.where = a.where;
}

void drop_aggregate(Context& ctx, const std::string& signature, const Aggregate& a) {
  auto& c = ctx.emit(ChangeKind::drop_routine, "aggregate " + signature, "- aggregate " + signature,
                     "DROP " + aggregate_reference(signature, a) + ";");
  c.drops.push_back(keys::routine(signature));
  c.uses_old = aggregate_uses(ctx.from, a);
  c.hazards.push_back(
      {hazard::backward_incompatible,
       "the application version running during the deploy may still call " + signature});
}

// Aggregates are replaced in place (CREATE OR REPLACE AGGREGATE): their arguments are their
// signature, and their state type may change.
void diff_aggregates(Context& ctx) {
  const auto& from = ctx.from.aggregates;
  const auto& to = ctx.to.aggregates;
  for (const auto& signature : names_only_in(from, to))
    drop_aggregate(ctx, signature, from.at(signature));
  for (const auto& signature : names_only_in(to, from))
    create_aggregate(ctx, signature, to.at(signature), false);
  for (const auto& signature : names_in_both(from, to)) {
    Aggregate old = from.at(signature);
    Aggregate now = to.at(signature);
    if (calls_dropped(ctx, old.calls)) {  // its functions are dropped and created again
      drop_aggregate(ctx, signature, old);
      ctx.changes.back().hazards.clear();
      create_aggregate(ctx, signature, now, false);
      continue;
    }
    if (old.comment != now.comment) {
      auto& c = ctx.emit(ChangeKind::comment, "aggregate " + signature,
                         "~ aggregate " + signature + ": comment",
                         ddl::comment_on(aggregate_reference(signature, now), now.comment));
      c.needs.push_back(keys::routine(signature));
    }
    old.comment = now.comment;
    if (ddl::create_aggregate(old) != ddl::create_aggregate(now))
      create_aggregate(ctx, signature, now, true);
  }
}

}  // namespace

bool calls_dropped(const Context& ctx, const std::vector<std::string>& calls) {
  for (const auto& signature : calls)
    if (ctx.dropped_routines.count(signature)) return true;
  return false;
}

void diff_routines(Context& ctx) {
  const auto& from = ctx.from.routines;
  const auto& to = ctx.to.routines;
  ctx.dropped_routines = dropped_routines(ctx);
  for (const auto& signature : ctx.dropped_routines)
    drop_routine(ctx, signature, from.at(signature), to.count(signature) > 0);
  for (const auto& signature : names_only_in(to, from))
    create_routine(ctx, signature, to.at(signature));
  for (const auto& signature : names_in_both(from, to)) {
    const Routine& old = from.at(signature);
    const Routine& now = to.at(signature);
    if (ctx.dropped_routines.count(signature)) {
      create_routine(ctx, signature, now);
      continue;
    }
    if (definition(old) != definition(now)) replace_routine(ctx, signature, now);
    if (old.comment != now.comment) {
      auto& c =
          ctx.emit(ChangeKind::comment, object_of(signature, now),
                   "~ " + object_of(signature, now) + ": comment", comment_sql(signature, now));
      c.needs.push_back(keys::routine(signature));
    }
  }
  diff_aggregates(ctx);
}

}  // namespace recon::diff
