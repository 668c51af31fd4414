#include "plan/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "catalog/privileges.hpp"
#include "declare/cross_project.hpp"
#include "diff/diff.hpp"
#include "introspect/introspect.hpp"
#include "pg/connection_url.hpp"
#include "pg/dev_server.hpp"
#include "plan/normalize.hpp"
#include "plan/part.hpp"
#include "plan/reference_rows.hpp"
#include "plan/replay.hpp"
#include "plan/revert.hpp"
#include "plan/revision_file.hpp"
#include "plan/snapshot.hpp"
#include "plan/take_in.hpp"
#include "plan/trace.hpp"
#include "recon_config.hpp"

namespace recon::plan {
namespace {

// A project to plan, or one only replayed because a planned one references its tables.
struct Entry {
  declare::Project project;
  bool planned = true;
};

// Projects whose tables others reference are planned (and replayed) first.
std::vector<Entry> in_dependency_order(std::vector<Entry> entries) {
  std::map<std::string, std::size_t> by_schema;
  for (std::size_t i = 0; i < entries.size(); ++i) by_schema[entries[i].project.catalog.schema] = i;
  std::vector<int> state(entries.size(), 0);
  std::vector<Entry> out;
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    if (state[i] != 0) return;  // done, or a cycle between projects: keep name order
    state[i] = 1;
    for (const auto& schema : declare::referenced_schemas(entries[i].project.catalog)) {
      auto it = by_schema.find(schema);
      if (it != by_schema.end()) visit(it->second);
    }
    state[i] = 2;
    out.push_back(std::move(entries[i]));
  };
  for (std::size_t i = 0; i < entries.size(); ++i) visit(i);
  return out;
}

// The requested projects, and (when only some are requested) the ones they reference.
std::vector<Entry> projects_to_replay(const Request& request) {
  const auto schemas_dir = request.root / "schemas";
  std::vector<Entry> entries;
  for (auto& p : declare::load_projects(schemas_dir, request.projects))
    entries.push_back({p, true});
  if (!request.projects.empty()) {
    std::vector<declare::Project> requested;
    for (const auto& e : entries) requested.push_back(e.project);
    for (auto& p : declare::load_referenced_projects(schemas_dir, requested))
      entries.push_back({std::move(p), false});
  }
  std::vector<const declare::Project*> loaded;
  for (const auto& e : entries) loaded.push_back(&e.project);
  declare::check_cross_project_references(loaded);
  return in_dependency_order(std::move(entries));
}

void require_intact(const Chain& chain) {
  if (chain.ok()) return;
  std::vector<Diagnostic> problems;
  for (const auto& p : chain.problems) {
    Diagnostic problem;
    problem.where.file = p.file.string();
    problem.message = p.message;
    problems.push_back(std::move(problem));
  }
  throw InputError(std::move(problems));
}

std::string derived_slug(bool first, const std::vector<Change>& changes) {
  if (first) return "initial";
  std::string words = changes.front().summary.substr(2);
  if (changes.size() > 1)
    words = changes.front().object + fmt::format(" and {} more", changes.size() - 1);
  return make_slug(words);
}

// The revision after `parent` (nullptr: the first) made of `changes`, from `source` to `reached`.
Revision make_revision(const ProjectPlan& plan, const Revision* parent, std::string slug,
                       PlanSource from, const Catalog& source, const Catalog& reached,
                       const std::vector<Change>& changes) {
  Revision r;
  r.number = parent ? parent->number + 1 : 1;
  r.slug = std::move(slug);
  if (parent) {
    r.parent_number = parent->number;
    r.parent_checksum = parent->checksum;
  }
  r.recon_version = RECON_VERSION;
  r.planned_from = from;
  r.plan.project = plan.project.name;
  r.plan.schema = plan.project.catalog.schema;
  r.plan.source_fingerprint = fingerprint(source);
  r.plan.target_fingerprint = fingerprint(reached);
  r.plan.roles = required_roles(source);
  for (auto& role : required_roles(reached)) r.plan.roles.push_back(std::move(role));
  std::sort(r.plan.roles.begin(), r.plan.roles.end());
  r.plan.roles.erase(std::unique(r.plan.roles.begin(), r.plan.roles.end()), r.plan.roles.end());
  r.plan.steps = steps_of(changes);
  r.checksum = compute_checksum(render_revision(r));  // the next one names it as its parent
  return r;
}

const Revision* last_revision(const ProjectPlan& plan) {
  if (plan.take_in) return &*plan.take_in;
  return plan.chain.revisions.empty() ? nullptr : &plan.chain.revisions.back();
}

std::string default_slug(const Request& request, const ProjectPlan& plan) {
  if (request.revert_to) return fmt::format("revert_to_{:04}", *request.revert_to);
  return derived_slug(last_revision(plan) == nullptr, plan.ordered.changes);
}

Revision next_revision(const Request& request, const ProjectPlan& plan, const Catalog& reached) {
  return make_revision(plan, last_revision(plan),
                       request.message ? make_slug(*request.message) : default_slug(request, plan),
                       PlanSource::chain, plan.source, reached, plan.ordered.changes);
}

// The one setting of the diff a plan has: --online, else the project's `online`.
diff::Options diff_options(const Request& request, const declare::Project& project) {
  return {request.online.value_or(project.online)};
}

using introspect::options_for;

// The generated changes, with the hand-written steps placed among them (a NOT NULL column a
// step fills in is added nullable, and made NOT NULL after the step).
OrderedChanges planned_changes(const Request& request, const ProjectPlan& plan) {
  const auto options = diff_options(request, plan.project);
  auto changes = diff::diff(plan.source, plan.desired, options);
  if (request.hand_written.empty()) return order(std::move(changes));
  const auto filled = filled_in_columns(changes, request.hand_written, plan.desired);
  if (!filled.empty()) changes = diff::diff(plan.source, plan.desired, options, filled);
  return order(with_hand_written(std::move(changes), request.hand_written));
}

// Hand-written SQL that changes the schema beyond the declaration: the user's to fix, and
// nothing is written.
[[noreturn]] void refuse_schema_changes(const Request& request, const ProjectPlan& plan,
                                        const std::string& list) {
  std::vector<Diagnostic> problems;
  for (const auto& step : request.hand_written) {
    Diagnostic problem;
    problem.where.file = step.where.file;
    problem.message =
        "the hand-written steps leave " + plan.project.name +
        "'s schema different from its declaration on the dev database; what would still have "
        "to change to reach the declaration:" +
        list +
        "\nDeclare the schema change in the declaration, or take it out of the SQL (nothing "
        "was written)";
    problems.push_back(std::move(problem));
    break;  // one message: which step did it is not known
  }
  throw InputError(std::move(problems));
}

// The plan must reach exactly the declared state; anything left over is a recon bug that
// would otherwise show up as a never-ending plan (or hand-written SQL changing the schema).
void check_converges(const Request& request, const ProjectPlan& plan, const Catalog& reached) {
  const auto leftover = diff::diff(reached, plan.desired);
  if (leftover.empty()) return;
  std::string list;
  for (const auto& change : leftover) list += "\n  " + change.summary;
  if (!request.hand_written.empty()) refuse_schema_changes(request, plan, list);
  throw std::runtime_error("the plan for " + plan.project.name +
                           " does not reach the declared state on the dev database (a recon bug; "
                           "please report it). Still different after the plan:" +
                           list);
}

ProjectPlan start_plan(const Request& request, declare::Project project) {
  ProjectPlan plan;
  plan.project = std::move(project);
  const auto& name = plan.project.name;
  plan.chain = read_chain(plans_dir(request.root, name), name, plan.project.catalog.schema);
  require_intact(plan.chain);
  return plan;
}

// The chain replayed on `conn`, and the state it reaches introspected; kept as a snapshot
// when it is the state the last revision records (returns whether it is), so that the next
// plan can skip this.
bool replay_into(const Cache& cache, ProjectPlan& plan, pqxx::connection& conn) {
  replay_chain(conn, plan.chain);
  const auto& catalog = plan.project.catalog;
  plan.source = introspect::introspect_schema(conn, catalog.schema, options_for(catalog));
  if (plan.chain.revisions.empty()) return false;
  const auto& target = plan.chain.revisions.back().plan.target_fingerprint;
  if (fingerprint(plan.source) != target) return false;
  save_snapshot(cache, plan.source, target);
  return true;
}

void finish(const Request& request, ProjectPlan& plan, const Catalog& reached,
            const NormalizeCache& normalized) {
  plan.revision = next_revision(request, plan, reached);
  const auto& target = plan.revision.plan.target_fingerprint;
  save_snapshot(normalized.cache(), reached, target);
  // A revert's desired state is a revision's, not the declaration normalized.
  if (!request.revert_to) normalized.save(plan.desired, reached, target);
}

// The roles the plan's two states name.
std::vector<std::string> roles_of(const ProjectPlan& plan) {
  auto roles = required_roles(plan.source);
  for (auto& role : required_roles(plan.desired)) roles.push_back(std::move(role));
  return roles;
}

// The plan run on a database holding the whole source state (`from_snapshot`: the source is
// the snapshot of the last revision's state).
void plan_by_replay(const Request& request, ProjectPlan& plan, pqxx::connection& conn,
                    NormalizeCache& normalized, bool from_snapshot) {
  const auto& catalog = plan.project.catalog;
  plan.ordered = planned_changes(request, plan);
  // Schema steps and hand-written steps run on the dev database first: the rows are planned
  // against the tables they leave.
  const bool schema_steps = plan.has_changes();
  if (schema_steps) {
    ensure_roles(conn, roles_of(plan));
    run_plan(conn, catalog.schema, plan.ordered.changes);
  }
  // Rows after the schema steps they need; a revert goes back to a revision's schema only.
  if (!request.revert_to)
    for (auto& change : plan_rows(conn, plan.desired, plan.project.data))
      plan.ordered.changes.push_back(std::move(change));
  if (!plan.has_changes()) {
    if (from_snapshot)
      normalized.save(plan.desired, plan.source,
                      plan.chain.revisions.back().plan.target_fingerprint);
    return;
  }
  const Catalog reached =
      schema_steps ? introspect::introspect_schema(conn, catalog.schema, options_for(catalog))
                   : plan.source;
  check_converges(request, plan, reached);
  finish(request, plan, reached, normalized);
}

// The declaration normalized, and what went wrong on the way into the plan's warnings.
Catalog desire(NormalizeCache& normalized, ProjectPlan& plan, pg::DevServer& dev,
               const Catalog* known = nullptr, const std::string& known_fingerprint = {}) {
  Catalog desired = normalized.normalize(plan.project.catalog, dev, known, known_fingerprint);
  for (const auto& warning : normalized.warnings())
    plan.warnings.push_back(plan.project.name + ": " + warning);
  return desired;
}

// Projects that reference no other schema (and that no other requested project references)
// can each be planned on their own.
bool independent(const std::vector<Entry>& entries) {
  return std::all_of(entries.begin(), entries.end(), [](const Entry& e) {
    return e.planned && declare::referenced_schemas(e.project.catalog).empty();
  });
}

template <typename T>
std::set<std::string> differing(const std::map<std::string, T>& a,
                                const std::map<std::string, T>& b,
                                bool (*same)(const T&, const T&)) {
  std::set<std::string> out;
  for (const auto& [name, x] : a) {
    const auto y = b.find(name);
    if (y == b.end() || !same(x, y->second)) out.insert(name);
  }
  for (const auto& [name, y] : b)
    if (!a.count(name)) out.insert(name);
  return out;
}

Catalog without(Catalog catalog, const std::set<std::string>& tables) {
  for (const auto& name : tables) catalog.tables.erase(name);
  return catalog;
}

// What running the plan on the tables it touches showed: the state reached, or nothing, and
// then maybe why. `failure` is set when the part check failed rather than did not apply: the
// whole state either fails too (and says why better) or does not, and then the part check
// has a bug that must not go unnoticed.
struct PartCheck {
  std::optional<Catalog> reached;
  std::string failure;
};

// The plan run on a database holding only the tables it changes, those that reference them,
// and stand-ins for those they reference; the state reached is the desired one with those
// tables as Postgres left them. No state when the part cannot show it (views involved, a
// reference to another schema) or when it fails or surprises: the caller then replays the
// whole chain.
// Whether a change creates, replaces or drops a routine, an aggregate or a collation: the part
// holds those as they are, and creates them without checking bodies against tables it lacks.
bool changes_routines(const std::vector<Change>& changes) {
  return std::any_of(changes.begin(), changes.end(), [](const Change& c) {
    return c.kind == ChangeKind::create_routine || c.kind == ChangeKind::alter_routine ||
           c.kind == ChangeKind::drop_routine || c.kind == ChangeKind::create_collation ||
           c.kind == ChangeKind::drop_collation;
  });
}

PartCheck reached_in_part(const ProjectPlan& plan, pg::DevServer& dev) {
  const Catalog& source = plan.source;
  const Catalog& desired = plan.desired;
  if (!differing(source.views, desired.views, &same_view).empty()) return {};
  if (changes_routines(plan.ordered.changes) || has_standard_bodies(source) ||
      has_standard_bodies(desired) || policies_read_other_relations(source) ||
      policies_read_other_relations(desired))
    return {};
  // Privileges are the schema's, not a table's: the part holds none.
  if (source.grants != desired.grants || source.default_privileges != desired.default_privileges)
    return {};
  // A part lacks text search objects, which the plan may alter and its tables use.
  if (has_text_search(source) || has_text_search(desired)) return {};
  std::set<std::string> tables = differing(source.tables, desired.tables, &same_table);
  if (read_by_views(source, tables) || read_by_views(desired, tables)) return {};
  const auto keys_changed = with_changed_keys(source, desired, tables);
  for (const auto& name : referencing(source, keys_changed)) tables.insert(name);
  for (const auto& name : referencing(desired, keys_changed)) tables.insert(name);
  auto before = part_of(source, tables, source);
  auto after = part_of(desired, tables, desired);
  if (!before || !after) return {};
  for (const auto& name : after->stand_ins) {
    if (before->catalog.tables.count(name) || !source.tables.count(name)) continue;
    before->catalog.tables.emplace(name, stand_in(source.tables.at(name)));
    before->stand_ins.insert(name);
  }
  try {
    trace(fmt::format("check in part: {} tables, {} stand-ins", tables.size(),
                      before->stand_ins.size()));
    auto scratch = dev.scratch();
    pqxx::connection conn(scratch->url());
    pqxx::nontransaction(conn).exec("SET check_function_bodies = off");
    materialize(conn, before->catalog);
    trace("check in part: tables created");
    ensure_roles(conn, roles_of(plan));
    run_plan(conn, source.schema, plan.ordered.changes);
    const Catalog reached_part =
        introspect::introspect_schema(conn, source.schema, options_for(plan.project.catalog));
    trace("check in part: plan run and introspected");
    std::set<std::string> stand_ins = before->stand_ins;
    stand_ins.insert(after->stand_ins.begin(), after->stand_ins.end());
    for (const auto& name : tables) stand_ins.erase(name);
    const auto surprises =
        diff::diff(without(reached_part, stand_ins), without(after->catalog, stand_ins));
    if (!surprises.empty()) {
      std::string list;
      for (const auto& change : surprises) list += (list.empty() ? "" : "; ") + change.summary;
      return {std::nullopt, "the tables it touches did not reach the declared state: " + list};
    }
    Catalog reached = desired;
    for (const auto& name : tables) {
      reached.tables.erase(name);
      const auto found = reached_part.tables.find(name);
      if (found != reached_part.tables.end()) reached.tables.emplace(name, found->second);
    }
    return {std::move(reached), ""};
  } catch (const std::exception& e) {
    return {std::nullopt, e.what()};  // the replay says it better, if it fails too
  }
}

// As introspection leaves them out: the snapshot may predate the project's `ignore` list.
Catalog leave_out_ignored(Catalog catalog, const std::vector<std::string>& ignored) {
  for (const auto& name : ignored) {
    catalog.tables.erase(name);
    catalog.views.erase(name);
    catalog.sequences.erase(name);
    std::erase_if(catalog.sequences, [&](const auto& entry) {
      const auto& owner = entry.second.owned_by;
      return owner && owner->rfind(name + ".", 0) == 0;
    });
  }
  catalog.ignored = ignored;
  return catalog;
}

// One project planned from the snapshot of the state its last revision reaches: no replay of
// the chain, and only the declarations that changed normalized. Without a snapshot (or when
// the plan cannot be checked in part) the chain is replayed on a scratch database of its own.
ProjectPlan plan_alone(const Request& request, declare::Project declared, pg::DevServer& dev,
                       const Cache& cache, SnapshotPrefetch& prefetch) {
  ProjectPlan plan = start_plan(request, std::move(declared));
  const declare::Project& project = plan.project;
  NormalizeCache normalized(cache, project.name);
  trace(project.name + ": revisions read");
  const auto replayed = [&](bool desired_known) {
    auto scratch = dev.scratch();
    pqxx::connection conn(scratch->url());
    const bool from_snapshot = replay_into(cache, plan, conn);
    trace(fmt::format("{}: replayed {} revisions", project.name, plan.chain.revisions.size()));
    if (!desired_known) plan.desired = desire(normalized, plan, dev);
    plan_by_replay(request, plan, conn, normalized, from_snapshot);
    trace(project.name + ": planned on the whole state");
    return std::move(plan);
  };
  // The rows the revisions leave exist only where they are replayed: a snapshot holds the
  // schema, not the rows, so a project that declares rows always plans on the replay.
  if (plan.chain.revisions.empty() || !project.data.empty()) return replayed(false);
  const auto& last_target = plan.chain.revisions.back().plan.target_fingerprint;
  auto snapshot = prefetch.take(last_target);
  if (!snapshot) snapshot = load_snapshot(cache, last_target);
  trace(project.name + (snapshot ? ": starts from the snapshot of revision " +
                                       std::to_string(plan.chain.revisions.back().number)
                                 : ": no snapshot of its last revision"));
  if (!snapshot) return replayed(false);
  plan.source = leave_out_ignored(std::move(*snapshot), project.catalog.ignored);
  plan.desired = desire(normalized, plan, dev, &plan.source, last_target);
  trace(project.name + ": declaration normalized");
  plan.ordered = planned_changes(request, plan);
  trace(project.name + ": diffed");
  if (!plan.has_changes()) {
    normalized.save(plan.desired, plan.source, last_target);
    return plan;
  }
  // Hand-written SQL may read or write any table: it is checked on the whole state.
  const auto part = request.hand_written.empty() ? reached_in_part(plan, dev) : PartCheck{};
  trace(project.name + (part.reached           ? ": plan checked on the tables it touches"
                        : part.failure.empty() ? ": plan cannot be checked in part"
                                               : ": plan check in part failed: " + part.failure));
  if (!part.reached) {
    const std::string failed = project.name +
                               ": checking the plan on the tables it touches failed where the "
                               "whole schema did not (a recon bug; please report it): " +
                               part.failure;
    ProjectPlan whole = replayed(true);  // moves `plan`, and `project` with it
    // The whole state did not fail: the check in part should not have either.
    if (!part.failure.empty()) whole.warnings.push_back(failed);
    return whole;
  }
  check_converges(request, plan, *part.reached);
  finish(request, plan, *part.reached, normalized);
  trace(project.name + ": revision and snapshot made");
  return plan;
}
// The changes made on the live database outside recon, taken in as a revision of their own
// (take_in.hpp); `plan` then starts from the live state. Returns whether there were any.
bool take_in_live(const Request& request, ProjectPlan& plan, pqxx::connection& replay,
                  const Cache& cache) {
  const auto& catalog = plan.project.catalog;
  pqxx::connection conn(*request.live_url);
  const Catalog live = introspect::introspect_schema(conn, catalog.schema, options_for(catalog));
  auto found =
      take_in(replay, plan.source, live, options_for(catalog), diff_options(request, plan.project));
  if (!found) return false;
  const Revision* parent = last_revision(plan);
  const std::string slug =
      parent == nullptr ? "initial" : "take_in_" + derived_slug(false, found->ordered.changes);
  plan.take_in = make_revision(plan, parent, make_slug(slug), PlanSource::database, plan.source,
                               found->reached, found->ordered.changes);
  save_snapshot(cache, found->reached, plan.take_in->plan.target_fingerprint);
  plan.source = std::move(found->reached);
  return true;
}

}  // namespace

std::vector<const Revision*> ProjectPlan::new_revisions() const {
  std::vector<const Revision*> out;
  if (take_in) out.push_back(&*take_in);
  if (has_changes()) out.push_back(&revision);
  return out;
}

std::filesystem::path plans_dir(const std::filesystem::path& root, const std::string& project) {
  return root / "plans" / project;
}

std::vector<ProjectPlan> make_plans(const Request& request, const Cache& cache) {
  pg::DevServer dev(request.dev_url);
  return make_plans(request, dev, cache);
}

std::vector<ProjectPlan> make_plans(const Request& request, pg::DevServer& dev,
                                    const Cache& cache) {
  dev.start_early();
  std::optional<SnapshotPrefetch> prefetch;
  if (!request.live_url) prefetch.emplace(cache, request.projects);
  auto entries = projects_to_replay(request);
  trace("declarations read");
  std::string preparation;
  for (const auto& entry : entries) preparation += foreign_extensions_sql(entry.project.catalog);
  dev.prepare_scratch_with(std::move(preparation));
  if (prefetch && independent(entries) && !request.revert_to) {
    std::vector<ProjectPlan> plans;
    for (auto& entry : entries)
      plans.push_back(plan_alone(request, std::move(entry.project), dev, cache, *prefetch));
    return plans;
  }
  auto replay_db = dev.scratch();
  pqxx::connection replay(replay_db->url());
  std::vector<ProjectPlan> plans;
  for (const auto& [project, planned] : entries) {
    ProjectPlan plan = start_plan(request, project);
    NormalizeCache normalized(cache, project.name);
    if (planned && request.revert_to) {
      plan.desired = replay_keeping_state(replay, plan.chain, *request.revert_to,
                                          options_for(project.catalog));
      plan.source = introspect::introspect_schema(replay, project.catalog.schema,
                                                  options_for(project.catalog));
      plan_by_replay(request, plan, replay, normalized, false);
      if (plan.has_changes() && plan.revision.plan.target_fingerprint != fingerprint(plan.desired))
        throw std::runtime_error("the revert of " + project.name + " does not reach the state " +
                                 "revision " + std::to_string(*request.revert_to) +
                                 " records on the dev database (a recon bug; please report it)");
      plans.push_back(std::move(plan));
      continue;
    }
    bool from_snapshot = replay_into(cache, plan, replay);
    if (!planned) continue;
    // The source is then the live state: not the snapshot of the last revision's.
    if (request.live_url && take_in_live(request, plan, replay, cache)) from_snapshot = false;
    plan.desired = desire(normalized, plan, dev);
    plan_by_replay(request, plan, replay, normalized, from_snapshot);
    if (plan.take_in && !plan.has_changes() && request.message) {
      plan.take_in->slug = make_slug(*request.message);  // -m names the one revision written
      plan.take_in->checksum = compute_checksum(render_revision(*plan.take_in));
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

}  // namespace recon::plan
