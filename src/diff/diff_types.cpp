// Enums, domains and sequences: the objects columns are built from.
#include <fmt/format.h>

#include <algorithm>

#include "catalog/ddl.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"
#include "diff/names.hpp"

namespace recon::diff {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void comment_change(Context& ctx, const std::string& what, const std::string& object,
                    const std::optional<std::string>& comment, const std::string& key) {
  auto& c = ctx.emit(ChangeKind::comment, object, "~ " + object + ": comment",
                     ddl::comment_on(what, comment));
  c.needs.push_back(key);
}

using ValueRenames = std::vector<std::pair<std::string, std::string>>;  // old -> new

// The values of `before` once the renames `after` asks for are made, and those renames.
std::vector<std::string> renamed_values(const EnumType& before, const EnumType& after,
                                        ValueRenames& renames) {
  std::vector<std::string> values = before.values;
  for (const auto& [new_value, old_value] : after.value_renamed_from) {
    auto it = std::find(values.begin(), values.end(), old_value);
    if (it == values.end() || contains(values, new_value)) continue;
    *it = new_value;
    renames.emplace_back(old_value, new_value);
  }
  return values;
}

std::string rename_value_sql(const std::string& type, const std::string& old_value,
                             const std::string& new_value) {
  return "ALTER TYPE " + quote_ident(type) + " RENAME VALUE " + quote_literal(old_value) + " TO " +
         quote_literal(new_value) + ";";
}

// Postgres can rename and add enum values, never remove or reorder them in place.
void rename_enum_values(Context& ctx, const EnumType& after, const ValueRenames& renames) {
  for (const auto& [old_value, new_value] : renames) {
    auto& c = ctx.emit(ChangeKind::alter_enum, "enum " + after.name,
                       "~ enum " + after.name + ": rename value " + old_value + " to " + new_value,
                       rename_value_sql(after.name, old_value, new_value));
    c.needs.push_back(keys::type(after.name));
  }
}

// Every old value is kept (a removed one rebuilds the type instead): in its order.
void check_enum_values_kept(const std::vector<std::string>& old_values, const EnumType& after) {
  std::vector<Diagnostic> problems;
  std::size_t position = 0;
  for (const auto& value : old_values) {
    auto it = std::find(after.values.begin(), after.values.end(), value);
    const auto index = static_cast<std::size_t>(it - after.values.begin());
    if (index < position) {
      problems.push_back({after.where, fmt::format("enum '{}' reorders the existing value '{}': "
                                                   "Postgres cannot reorder enum values; add new "
                                                   "values around the existing ones instead",
                                                   after.name, value)});
    }
    position = std::max(position, index);
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

void add_enum_values(Context& ctx, const std::vector<std::string>& old_values,
                     const EnumType& after) {
  for (std::size_t i = 0; i < after.values.size(); ++i) {
    const std::string& value = after.values[i];
    if (contains(old_values, value)) continue;
    std::string where = i == 0 ? " BEFORE " + quote_literal(after.values[1])
                               : " AFTER " + quote_literal(after.values[i - 1]);
    if (after.values.size() == 1) where.clear();
    auto& c = ctx.emit(ChangeKind::alter_enum, "enum " + after.name,
                       "~ enum " + after.name + ": add value " + value,
                       "ALTER TYPE " + quote_ident(after.name) + " ADD VALUE " +
                           quote_literal(value) + where + ";");
    c.needs.push_back(keys::type(after.name));
    c.creates.push_back(keys::enum_value(after.name, value));
    // Placed after or before a value that is new too: that one is added first.
    if (!where.empty()) {
      const std::string& neighbour = i == 0 ? after.values[1] : after.values[i - 1];
      if (!contains(old_values, neighbour))
        c.needs.push_back(keys::enum_value(after.name, neighbour));
    }
  }
}

}  // namespace

void diff_enums(Context& ctx) {
  const auto& from = ctx.from.enums;
  const auto& to = ctx.to.enums;
  for (const auto& name : names_only_in(to, from)) {
    const EnumType& after = to.at(name);
    std::string sql = ddl::create_enum(after);
    if (after.comment) sql += "\n" + ddl::comment_on("TYPE " + quote_ident(name), after.comment);
    auto& c = ctx.emit(ChangeKind::create_enum, "enum " + name, "+ enum " + name, sql);
    c.creates.push_back(keys::type(name));
    c.where = after.where;
  }
  for (const auto& name : names_in_both(from, to)) {
    const EnumType& before = from.at(name);
    const EnumType& after = to.at(name);
    ValueRenames renames;
    const auto values = renamed_values(before, after, renames);
    std::vector<std::string> removed;
    for (const auto& value : values)
      if (!contains(after.values, value)) removed.push_back(value);
    if (!removed.empty()) {
      // Renamed first, in the same step, so that rows keep their values through the casts.
      std::string renamed;
      for (const auto& [old_value, new_value] : renames)
        renamed += rename_value_sql(name, old_value, new_value) + "\n";
      rebuild_enum(ctx, after, removed, renamed);
      continue;
    }
    rename_enum_values(ctx, after, renames);
    check_enum_values_kept(values, after);
    add_enum_values(ctx, values, after);
    if (before.comment != after.comment) {
      comment_change(ctx, "TYPE " + quote_ident(name), "enum " + name, after.comment,
                     keys::type(name));
    }
  }
  for (const auto& name : names_only_in(from, to)) {
    auto& c = ctx.emit(ChangeKind::drop_enum, "enum " + name, "- enum " + name,
                       "DROP TYPE " + quote_ident(name) + ";");
    c.drops.push_back(keys::type(name));
  }
}

void commit_used_enum_values(Context& ctx) {
  const std::size_t count = ctx.changes.size();
  for (std::size_t i = 0; i < count; ++i) {
    Change& add = ctx.changes[i];
    const std::string marker = " ADD VALUE ";
    const auto at = add.sql.find(marker);
    if (add.kind != ChangeKind::alter_enum || at == std::string::npos) continue;
    const std::string& key = add.creates.front();
    const std::string value = keys::value_of_enum_value(key);
    // A new value appears in what uses it as a literal ('done'::state in a default, a check, an
    // index predicate, a view): the type's key alone would miss checks and predicates, which
    // need only their columns. A literal that merely looks the same costs a transaction, not
    // a failure.
    const std::string literal = quote_literal(value);
    bool used = false;
    for (std::size_t j = 0; j < count; ++j) {
      Change& user = ctx.changes[j];
      if (j == i || user.kind == ChangeKind::alter_enum || user.kind == ChangeKind::create_enum ||
          user.kind == ChangeKind::comment || user.sql.find(literal) == std::string::npos)
        continue;
      user.needs.push_back(key);
      used = true;
    }
    if (!used) continue;
    // Postgres refuses a new enum value in the transaction that added it ("unsafe use of new
    // value"): the value is added, and committed, before the revision's transaction goes on.
    // Alone outside it, the step may run again when an interrupted apply resumes.
    add.sql.insert(at + marker.size(), "IF NOT EXISTS ");
    add.transactional = false;
    add.hazards.push_back({hazard::not_transactional,
                           "adds " + literal +
                               " outside the revision's transaction, since this plan uses it: "
                               "the value stays if a later step fails"});
  }
}

namespace {

void drop_domain(Context& ctx, const Domain& d) {
  auto& c = ctx.emit(ChangeKind::drop_domain, "domain " + d.name, "- domain " + d.name,
                     "DROP DOMAIN " + quote_ident(d.name) + ";");
  c.drops.push_back(keys::type(d.name));
  for (const auto& signature : d.calls) c.uses_old.push_back(keys::routine(signature));
}

void create_domain(Context& ctx, const Domain& d) {
  std::string sql = ddl::create_domain(d);
  for (const auto& check : d.checks) {
    if (check.not_valid) {
      sql += "\nALTER DOMAIN " + quote_ident(d.name) + " ADD " + ddl::domain_check_clause(check) +
             " NOT VALID;";
    }
  }
  if (d.comment) sql += "\n" + ddl::comment_on("DOMAIN " + quote_ident(d.name), d.comment);
  auto& c = ctx.emit(ChangeKind::create_domain, "domain " + d.name, "+ domain " + d.name, sql);
  c.creates.push_back(keys::type(d.name));
  // A check or default that calls a routine of the schema comes after it.
  for (const auto& signature : d.calls) c.needs.push_back(keys::routine(signature));
  c.where = d.where;
}

void alter_domain(Context& ctx, const Domain& d, const std::string& what, const std::string& sql,
                  std::vector<Hazard> hazards = {}) {
  auto& c =
      ctx.emit(ChangeKind::alter_domain, "domain " + d.name, "~ domain " + d.name + ": " + what,
               "ALTER DOMAIN " + quote_ident(d.name) + " " + sql + ";");
  c.needs.push_back(keys::type(d.name));
  c.hazards = std::move(hazards);
}

Hazard domain_scan(const Domain& d) {
  return {hazard::validation_scan, "checks every column of type " + d.name + " in every table"};
}

void diff_domain_checks(Context& ctx, const Domain& before, const Domain& after) {
  for (const auto& check : before.checks) {
    auto it = std::find_if(after.checks.begin(), after.checks.end(),
                           [&](const DomainCheck& c) { return c.name == check.name; });
    if (it == after.checks.end() || it->expression != check.expression) {
      alter_domain(ctx, after, "drop check " + check.name,
                   "DROP CONSTRAINT " + quote_ident(check.name));
    }
  }
  for (const auto& check : after.checks) {
    auto it = std::find_if(before.checks.begin(), before.checks.end(),
                           [&](const DomainCheck& c) { return c.name == check.name; });
    if (it == before.checks.end() || it->expression != check.expression) {
      alter_domain(
          ctx, after, "add check " + check.name,
          "ADD " + ddl::domain_check_clause(check) + (check.not_valid ? " NOT VALID" : ""),
          check.not_valid ? std::vector<Hazard>{} : std::vector<Hazard>{domain_scan(after)});
    } else if (it->not_valid && !check.not_valid) {
      alter_domain(ctx, after, "validate check " + check.name,
                   "VALIDATE CONSTRAINT " + quote_ident(check.name), {domain_scan(after)});
    }
  }
}

template <typename T>
const T* found_or_renamed(const std::vector<T>& items, const T& item) {
  for (const auto& candidate : items) {
    if (candidate.name == item.name || contains(item.renamed_from, candidate.name))
      return &candidate;
  }
  return nullptr;
}

const Table* found_or_renamed(const std::map<std::string, Table>& tables, const Table& table) {
  if (auto it = tables.find(table.name); it != tables.end()) return &it->second;
  for (const auto& old_name : table.renamed_from) {
    if (auto it = tables.find(old_name); it != tables.end()) return &it->second;
  }
  return nullptr;
}

// The columns that use the domain on both sides ("todos.email"): they hold it while it would
// be dropped and created again.
std::vector<std::string> columns_keeping(const Context& ctx, const std::string& domain) {
  const std::string key = keys::type(domain);
  auto uses = [&](const Catalog& catalog, const Column& column) {
    return contains(keys::column_uses(catalog, column), key);
  };
  std::vector<std::string> out;
  for (const auto& [name, after] : ctx.to.tables) {
    const Table* before = found_or_renamed(ctx.from.tables, after);
    if (!before) continue;
    for (const auto& column : after.columns) {
      const Column* old = found_or_renamed(before->columns, column);
      if (old && uses(ctx.to, column) && uses(ctx.from, *old))
        out.push_back(name + "." + column.name);
    }
  }
  return out;
}

// Postgres cannot change a domain's base type or collation, and cannot drop a domain that
// columns use: a plan that recreated it would fail at its DROP DOMAIN.
void check_domain_recreatable(const Context& ctx, const Domain& before, const Domain& after) {
  const auto users = columns_keeping(ctx, after.name);
  if (users.empty()) return;
  std::string list;
  for (const auto& user : users) list += (list.empty() ? "" : ", ") + user;
  const std::string what =
      before.base_type != after.base_type
          ? fmt::format("its base type from {} to {}", before.base_type, after.base_type)
          : fmt::format("its collation from {} to {}", before.collation.value_or("the default"),
                        after.collation.value_or("the default"));
  throw InputError(
      {{after.where, fmt::format("domain '{}' changes {}, which Postgres cannot alter: the "
                                 "domain would have to be dropped and created again, and columns "
                                 "use it ({}). Declare the new definition as a domain of another "
                                 "name, set those columns' type to it and remove '{}' (one plan "
                                 "does all three); or keep '{}' as it is",
                                 after.name, what, list, after.name, after.name)}});
}

}  // namespace

void diff_domains(Context& ctx) {
  const auto& from = ctx.from.domains;
  const auto& to = ctx.to.domains;
  for (const auto& name : names_only_in(to, from)) create_domain(ctx, to.at(name));
  for (const auto& name : names_in_both(from, to)) {
    const Domain& before = from.at(name);
    const Domain& after = to.at(name);
    if (before.base_type != after.base_type || before.collation != after.collation) {
      check_domain_recreatable(ctx, before, after);
      drop_domain(ctx, before);
      create_domain(ctx, after);
      continue;
    }
    if (before.default_expr != after.default_expr) {
      alter_domain(ctx, after, after.default_expr ? "set default" : "drop default",
                   after.default_expr ? "SET DEFAULT " + *after.default_expr : "DROP DEFAULT");
    }
    if (before.not_null != after.not_null) {
      alter_domain(
          ctx, after, after.not_null ? "set not null" : "drop not null",
          after.not_null ? "SET NOT NULL" : "DROP NOT NULL",
          after.not_null ? std::vector<Hazard>{domain_scan(after)} : std::vector<Hazard>{});
    }
    diff_domain_checks(ctx, before, after);
    if (before.comment != after.comment) {
      comment_change(ctx, "DOMAIN " + quote_ident(name), "domain " + name, after.comment,
                     keys::type(name));
    }
  }
  for (const auto& name : names_only_in(from, to)) drop_domain(ctx, from.at(name));
}

namespace {

std::string owner_key(const std::string& owned_by) {
  const auto dot = owned_by.rfind('.');
  return dot == std::string::npos ? keys::rel(owned_by)
                                  : keys::col(owned_by.substr(0, dot), owned_by.substr(dot + 1));
}

std::string owned_by_sql(const std::optional<std::string>& owned_by) {
  if (!owned_by) return "NONE";
  const auto dot = owned_by->rfind('.');
  return quote_ident(owned_by->substr(0, dot)) + "." + quote_ident(owned_by->substr(dot + 1));
}

void set_owner(Context& ctx, const Sequence& s) {
  auto& c = ctx.emit(
      ChangeKind::sequence_owner, "sequence " + s.name,
      "~ sequence " + s.name + ": owned by " + s.owned_by.value_or("nobody"),
      "ALTER SEQUENCE " + quote_ident(s.name) + " OWNED BY " + owned_by_sql(s.owned_by) + ";");
  c.needs.push_back(keys::rel(s.name));
  if (s.owned_by) c.needs.push_back(owner_key(*s.owned_by));
}

std::string changed_options(const SequenceOptions& a, const SequenceOptions& b) {
  std::string out;
  auto add = [&](bool differs, const std::string& clause) {
    if (differs) out += " " + clause;
  };
  add(a.data_type != b.data_type && b.data_type.has_value(), "AS " + b.data_type.value_or(""));
  add(a.increment != b.increment && b.increment,
      fmt::format("INCREMENT BY {}", b.increment.value_or(1)));
  add(a.min_value != b.min_value && b.min_value,
      fmt::format("MINVALUE {}", b.min_value.value_or(1)));
  add(a.max_value != b.max_value && b.max_value,
      fmt::format("MAXVALUE {}", b.max_value.value_or(1)));
  add(a.start != b.start && b.start, fmt::format("START WITH {}", b.start.value_or(1)));
  add(a.cache != b.cache && b.cache, fmt::format("CACHE {}", b.cache.value_or(1)));
  add(a.cycle != b.cycle && b.cycle, b.cycle.value_or(false) ? "CYCLE" : "NO CYCLE");
  return out;
}

bool ascending(const SequenceOptions& o) {
  return o.increment.value_or(1) > 0;
}

// ALTER SEQUENCE refuses a MINVALUE above the sequence's current value ("RESTART value cannot
// be less than MINVALUE"), or a MAXVALUE below it. When the bound is the one the sequence
// moves away from (MINVALUE of an ascending one), a sequence still short of it is first
// restarted at its new START, as RESTART would: none of its values so far is valid any more,
// and the START is past them, so no value is handed out twice. A sequence already past the
// bound is left where it is (an unconditional RESTART would move it back).
std::string bounds_catch_up(const Sequence& s, const SequenceOptions& before) {
  const auto& after = s.options;
  const std::string seq = quote_ident(s.name);
  auto catch_up = [&](std::int64_t bound, std::int64_t restart, const char* comparison) {
    return fmt::format("SELECT setval({}, {}, false) FROM {} WHERE last_value {} {};\n",
                       quote_literal(seq), restart, seq, comparison, bound);
  };
  if (ascending(after) && after.min_value && *after.min_value > before.min_value.value_or(1)) {
    const std::int64_t bound = *after.min_value;
    return catch_up(bound, std::max(bound, after.start.value_or(bound)), "<");
  }
  if (!ascending(after) && after.max_value && *after.max_value < before.max_value.value_or(-1)) {
    const std::int64_t bound = *after.max_value;
    return catch_up(bound, std::min(bound, after.start.value_or(bound)), ">");
  }
  return "";
}

// The bound a sequence moves towards: past it the sequence has no values left, and Postgres
// refuses the change.
std::vector<Hazard> narrowed_bounds_hazards(const Sequence& s, const SequenceOptions& before) {
  const auto& after = s.options;
  if (ascending(after) && after.max_value && before.max_value &&
      *after.max_value < *before.max_value) {
    return {{hazard::validation_scan,
             fmt::format("fails if sequence {} is already past the new MAXVALUE {}", s.name,
                         *after.max_value)}};
  }
  if (!ascending(after) && after.min_value && before.min_value &&
      *after.min_value > *before.min_value) {
    return {{hazard::validation_scan,
             fmt::format("fails if sequence {} is already below the new MINVALUE {}", s.name,
                         *after.min_value)}};
  }
  return {};
}

}  // namespace

void diff_sequences(Context& ctx) {
  const auto& from = ctx.from.sequences;
  const auto& to = ctx.to.sequences;
  for (const auto& name : names_only_in(to, from)) {
    const Sequence& after = to.at(name);
    std::string sql = ddl::create_sequence(after);
    if (after.comment)
      sql += "\n" + ddl::comment_on("SEQUENCE " + quote_ident(name), after.comment);
    auto& c = ctx.emit(ChangeKind::create_sequence, "sequence " + name, "+ sequence " + name, sql);
    c.creates.push_back(keys::rel(name));
    c.where = after.where;
    if (after.owned_by) set_owner(ctx, after);
  }
  for (const auto& name : names_in_both(from, to)) {
    const Sequence& before = from.at(name);
    const Sequence& after = to.at(name);
    const std::string options = changed_options(before.options, after.options);
    if (!options.empty()) {
      auto& c = ctx.emit(ChangeKind::alter_sequence, "sequence " + name,
                         "~ sequence " + name + ":" + options,
                         bounds_catch_up(after, before.options) + "ALTER SEQUENCE " +
                             quote_ident(name) + options + ";");
      c.needs.push_back(keys::rel(name));
      c.hazards = narrowed_bounds_hazards(after, before.options);
    }
    if (before.owned_by != after.owned_by) set_owner(ctx, after);
    if (before.comment != after.comment) {
      comment_change(ctx, "SEQUENCE " + quote_ident(name), "sequence " + name, after.comment,
                     keys::rel(name));
    }
  }
  for (const auto& name : names_only_in(from, to)) {
    const Sequence& before = from.at(name);
    // A sequence owned by a column goes with it: drop it only if it is still there.
    auto& c = ctx.emit(ChangeKind::drop_sequence, "sequence " + name, "- sequence " + name,
                       "DROP SEQUENCE IF EXISTS " + quote_ident(name) + ";");
    c.drops.push_back(keys::rel(name));
    if (before.owned_by) c.after_drops.push_back(owner_key(*before.owned_by));
    c.hazards.push_back({hazard::data_loss, "the sequence's current value is lost"});
  }
}

}  // namespace recon::diff
