#include "cli/plan_output.hpp"

#include <fmt/color.h>
#include <fmt/format.h>

#include <map>
#include <sstream>

#include "plan/revision_file.hpp"

namespace recon::cli {
namespace {

std::string colored_line(const std::string& line, bool color) {
  if (!color) return line;
  const auto marker = line.find_first_not_of(" -");
  const std::string body = line.rfind("--   ", 0) == 0 ? line.substr(5) : "";
  if (body.rfind("+ ", 0) == 0) return fmt::format(fg(fmt::color::green), "{}", line);
  if (body.rfind("~ ", 0) == 0) return fmt::format(fg(fmt::color::yellow), "{}", line);
  if (body.rfind("- ", 0) == 0) return fmt::format(fg(fmt::color::red), "{}", line);
  if (line.rfind("-- hazard", 0) == 0) return fmt::format(fg(fmt::color::orange), "{}", line);
  if (line.rfind("--", 0) == 0 && marker != std::string::npos) {
    return fmt::format(fmt::emphasis::faint, "{}", line);
  }
  return line;
}

std::string hazard_kinds(const Step& step) {
  std::string out;
  for (const auto& h : step.hazards) out += (out.empty() ? "" : ", ") + h.kind;
  return out;
}

}  // namespace

std::string revision_text(const Revision& revision, bool color) {
  std::istringstream in(render_revision(revision));
  std::string out, line;
  while (std::getline(in, line)) out += colored_line(line, color) + "\n";
  return out;
}

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

nlohmann::json steps_json(const std::vector<Step>& steps) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& step : steps) {
    nlohmann::json hazards = nlohmann::json::array();
    for (const auto& h : step.hazards) hazards.push_back({{"kind", h.kind}, {"reason", h.reason}});
    nlohmann::json entry = {{"summary", step.summary},
                            {"sql", step.sql},
                            {"hazards", hazards},
                            {"transactional", step.transactional}};
    if (!step.lock.empty()) entry["lock"] = step.lock;
    out.push_back(std::move(entry));
  }
  return out;
}

std::string plan_markdown(const std::vector<plan::ProjectPlan>& plans) {
  std::string out = "### recon plan\n\n";
  for (const auto& plan : plans) {
    if (plan.take_in)
      out += fmt::format(
          "**{}**: revision {:04} `{}` takes in {} step(s) made on the database outside recon\n\n",
          plan.project.name, plan.take_in->number, plan.take_in->slug,
          plan.take_in->plan.steps.size());
    if (!plan.has_changes()) {
      out += fmt::format("**{}**: no changes\n\n", plan.project.name);
      continue;
    }
    const Revision& r = plan.revision;
    out += fmt::format("**{}**: revision {:04} `{}`, {} step(s)\n\n", plan.project.name, r.number,
                       r.slug, r.plan.steps.size());
    out += "| # | change | hazards |\n|---|---|---|\n";
    for (std::size_t i = 0; i < r.plan.steps.size(); ++i) {
      std::string summary = r.plan.steps[i].summary;
      for (std::size_t at = summary.find('|'); at != std::string::npos;
           at = summary.find('|', at + 2)) {
        summary.replace(at, 1, "\\|");
      }
      out += fmt::format("| {} | `{}` | {} |\n", i + 1, summary, hazard_kinds(r.plan.steps[i]));
    }
    out += "\n";
  }
  return out;
}

void print_warnings(const std::vector<plan::ProjectPlan>& plans) {
  for (const auto& p : plans)
    for (const auto& warning : p.warnings) fmt::print(stderr, "warning: {}\n", warning);
}

}  // namespace recon::cli
