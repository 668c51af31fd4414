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
  if (plan.take_in) {
    const Revision& t = *plan.take_in;
    j["take_in"] = {{"number", t.number},
                    {"slug", t.slug},
                    {"source_fingerprint", t.plan.source_fingerprint},
                    {"target_fingerprint", t.plan.target_fingerprint},
                    {"steps", steps_json(t.plan.steps)}};
  }
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
    // The revision that takes in changes made on the database outside recon comes first.
    if (plan.take_in) out += revision_markdown(*plan.take_in);
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
