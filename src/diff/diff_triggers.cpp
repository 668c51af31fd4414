// Triggers of tables and views. Postgres alters nothing of a trigger but its name and state:
// any other change drops it and creates it again, in the same transaction.
#include <algorithm>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"

namespace recon::diff {
namespace {

std::string object_of(const std::string& relation, const Trigger& t) {
  return "trigger " + relation + "." + t.name;
}

std::string function_signature(const Trigger& t) {
  return t.function + "()";
}

std::vector<std::string> trigger_uses(const std::string& relation, const Trigger& t) {
  std::vector<std::string> out{keys::rel(relation)};
  for (const auto& column : t.columns) out.push_back(keys::col(relation, column));
  if (t.function_schema.empty()) out.push_back(keys::routine(function_signature(t)));
  return out;
}

std::string comment_sql(const std::string& relation, const Trigger& t) {
  return ddl::comment_on("TRIGGER " + quote_ident(t.name) + " ON " + quote_ident(relation),
                         t.comment);
}

// What ENABLE / DISABLE TRIGGER makes of it, for the step's summary.
std::string state_word(const Trigger& t) {
  if (t.enabled == "disabled") return "disable";
  if (t.enabled == "origin") return "enable";
  return "enable " + t.enabled;  // always, replica
}

// All but the state and the comment, which are altered in place.
bool same_definition(Trigger a, Trigger b) {
  a.enabled = b.enabled = "origin";
  a.comment = b.comment = std::nullopt;
  return ddl::create_trigger("t", a) == ddl::create_trigger("t", b);
}

void create_trigger(Context& ctx, const std::string& relation, const Trigger& t) {
  std::string sql = ddl::create_trigger(relation, t);
  if (t.comment) sql += "\n" + comment_sql(relation, t);
  auto& c = ctx.emit(ChangeKind::create_trigger, object_of(relation, t),
                     "+ " + object_of(relation, t), sql);
  c.needs = trigger_uses(relation, t);
  c.where = t.where;
}

void drop_trigger(Context& ctx, const std::string& relation, const Trigger& t) {
  auto& c =
      ctx.emit(ChangeKind::drop_trigger, object_of(relation, t), "- " + object_of(relation, t),
               "DROP TRIGGER " + quote_ident(t.name) + " ON " + quote_ident(relation) + ";");
  c.uses_old = trigger_uses(relation, t);
}

void alter_trigger(Context& ctx, const std::string& relation, const Trigger& old,
                   const Trigger& now) {
  if (old.enabled != now.enabled) {
    const std::string state = ddl::trigger_state(relation, now);
    auto& c = ctx.emit(ChangeKind::alter_trigger, object_of(relation, now),
                       "~ " + object_of(relation, now) + ": " + state_word(now),
                       state.empty() ? "ALTER TABLE " + quote_ident(relation) + " ENABLE TRIGGER " +
                                           quote_ident(now.name) + ";"
                                     : state);
    c.needs.push_back(keys::rel(relation));
  }
  if (old.comment != now.comment) {
    auto& c = ctx.emit(ChangeKind::comment, object_of(relation, now),
                       "~ " + object_of(relation, now) + ": comment", comment_sql(relation, now));
    c.needs.push_back(keys::rel(relation));
  }
}

const Trigger* find_trigger(const std::vector<Trigger>& triggers, const std::string& name) {
  const auto it = std::find_if(triggers.begin(), triggers.end(),
                               [&](const Trigger& t) { return t.name == name; });
  return it == triggers.end() ? nullptr : &*it;
}

void diff_relation_triggers(Context& ctx, const std::string& relation,
                            const std::vector<Trigger>* before, const std::vector<Trigger>& after) {
  if (before && relation_dropped(ctx, relation)) before = nullptr;
  for (const auto& now : after) {
    const Trigger* old = before ? find_trigger(*before, now.name) : nullptr;
    if (!old) {
      create_trigger(ctx, relation, now);
    } else if (!same_definition(*old, now) ||
               (old->function_schema.empty() &&
                ctx.dropped_routines.count(function_signature(*old)))) {
      drop_trigger(ctx, relation, *old);
      create_trigger(ctx, relation, now);
    } else {
      alter_trigger(ctx, relation, *old, now);
    }
  }
  if (!before) return;
  for (const auto& old : *before)
    if (!find_trigger(after, old.name)) drop_trigger(ctx, relation, old);
}

template <typename Map>
void diff_triggers_of(Context& ctx, const Map& from, const Map& to) {
  for (const auto& [name, now] : to) {
    const auto* old = before_of(from, to, now);
    diff_relation_triggers(ctx, name, old ? &old->triggers : nullptr, now.triggers);
  }
  // The triggers of a dropped relation go with it.
}

}  // namespace

bool relation_dropped(const Context& ctx, const std::string& relation) {
  const std::string key = keys::rel(relation);
  return std::any_of(ctx.changes.begin(), ctx.changes.end(), [&](const Change& c) {
    return (c.kind == ChangeKind::drop_table || c.kind == ChangeKind::drop_view) &&
           std::find(c.drops.begin(), c.drops.end(), key) != c.drops.end();
  });
}

void diff_triggers(Context& ctx) {
  diff_triggers_of(ctx, ctx.from.tables, ctx.to.tables);
  diff_triggers_of(ctx, ctx.from.views, ctx.to.views);
}

}  // namespace recon::diff
