#include "cli/plan_output.hpp"

#include <fmt/format.h>

namespace recon::cli {

std::string plan_text(const plan::ProjectPlan& plan, bool color) {
  return revision_text(plan.revision, color);
}

nlohmann::json plan_json(const plan::ProjectPlan& plan) {
  nlohmann::json j = {{"project", plan.project.name},
                      {"schema", plan.project.catalog.schema},
                      {"changes", plan.has_changes()}};
  if (!plan.has_changes()) return j;
  const Revision& r = plan.revision;
  j["revision"] = {{"number", r.number}, {"slug", r.slug}};
  j["source_fingerprint"] = r.plan.source_fingerprint;
  j["target_fingerprint"] = r.plan.target_fingerprint;
  j["steps"] = steps_json(r.plan.steps);
  return j;
}

// The revisions the plans would write, as `recon show --format markdown` shows committed ones.
std::string plan_markdown(const std::vector<plan::ProjectPlan>& plans) {
  std::string out = "### recon plan\n\n";
  for (const auto& plan : plans) {
    if (!plan.has_changes())
      out += fmt::format("**{}**: no changes\n\n", plan.project.name);
    else
      out += revision_markdown(plan.revision);
  }
  return out;
}

void print_warnings(const std::vector<plan::ProjectPlan>& plans) {
  for (const auto& p : plans)
    for (const auto& warning : p.warnings) fmt::print(stderr, "warning: {}\n", warning);
}

}  // namespace recon::cli
