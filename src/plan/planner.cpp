#include "plan/planner.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "declare/cross_project.hpp"
#include "diff/diff.hpp"
#include "introspect/introspect.hpp"
#include "pg/connection_url.hpp"
#include "pg/dev_server.hpp"
#include "plan/normalize.hpp"
#include "plan/replay.hpp"
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
    out.push_back(entries[i]);
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
  for (const auto& p : chain.problems) problems.push_back({{p.file.string(), 0, 0}, p.message});
  throw InputError(std::move(problems));
}

std::string derived_slug(const Chain& chain, const std::vector<Change>& changes) {
  if (chain.revisions.empty()) return "initial";
  std::string words = changes.front().summary.substr(2);
  if (changes.size() > 1)
    words = changes.front().object + fmt::format(" and {} more", changes.size() - 1);
  return make_slug(words);
}

Revision next_revision(const Request& request, const ProjectPlan& plan, const Catalog& reached) {
  Revision r;
  r.number = static_cast<int>(plan.chain.revisions.size()) + 1;
  r.slug = request.message ? make_slug(*request.message)
                           : derived_slug(plan.chain, plan.ordered.changes);
  if (!plan.chain.revisions.empty()) {
    r.parent_number = plan.chain.revisions.back().number;
    r.parent_checksum = plan.chain.revisions.back().checksum;
  }
  r.recon_version = RECON_VERSION;
  r.planned_from = request.live_url ? PlanSource::database : PlanSource::chain;
  r.plan.project = plan.project.name;
  r.plan.schema = plan.project.catalog.schema;
  r.plan.source_fingerprint = fingerprint(plan.source);
  r.plan.target_fingerprint = fingerprint(reached);
  for (const auto& change : plan.ordered.changes) {
    r.plan.steps.push_back({change.summary, change.sql, change.hazards, change.transactional});
  }
  return r;
}

introspect::Options options_for(const Catalog& catalog) {
  introspect::Options options;
  options.ignored = catalog.ignored;
  return options;
}

// The plan must reach exactly the declared state; anything left over is a recon bug that
// would otherwise show up as a never-ending plan.
void check_converges(const ProjectPlan& plan, const Catalog& reached) {
  const auto leftover = diff::diff(reached, plan.desired);
  if (leftover.empty()) return;
  std::string list;
  for (const auto& change : leftover) list += "\n  " + change.summary;
  throw std::runtime_error("the plan for " + plan.project.name +
                           " does not reach the declared state on the dev database (a recon bug; "
                           "please report it). Still different after the plan:" +
                           list);
}

}  // namespace

std::filesystem::path plans_dir(const std::filesystem::path& root, const std::string& project) {
  return root / "plans" / project;
}

std::vector<ProjectPlan> make_plans(const Request& request) {
  pg::DevServer dev(request.dev_url);
  return make_plans(request, dev);
}

std::vector<ProjectPlan> make_plans(const Request& request, pg::DevServer& dev) {
  const auto entries = projects_to_replay(request);
  auto replay_db = dev.scratch();
  pqxx::connection replay(replay_db->url());

  std::vector<ProjectPlan> plans;
  for (const auto& [project, planned] : entries) {
    ProjectPlan plan;
    plan.project = project;
    plan.chain =
        read_chain(plans_dir(request.root, project.name), project.name, project.catalog.schema);
    require_intact(plan.chain);
    if (request.live_url) {
      pqxx::connection live(*request.live_url);
      plan.source =
          introspect::introspect_schema(live, project.catalog.schema, options_for(project.catalog));
      materialize(replay, plan.source);
    } else {
      replay_chain(replay, plan.chain);
      plan.source = introspect::introspect_schema(replay, project.catalog.schema,
                                                  options_for(project.catalog));
    }
    if (!planned) continue;
    plan.desired = normalize(project.catalog, dev);
    plan.ordered = order(diff::diff(plan.source, plan.desired));
    if (plan.has_changes()) {
      run_plan(replay, project.catalog.schema, plan.ordered.changes);
      const Catalog reached = introspect::introspect_schema(replay, project.catalog.schema,
                                                            options_for(project.catalog));
      check_converges(plan, reached);
      plan.revision = next_revision(request, plan, reached);
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

}  // namespace recon::plan
