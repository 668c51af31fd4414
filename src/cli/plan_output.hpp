// How plans are shown: the revision text (coloured on a terminal), JSON, or Markdown for a
// pull-request comment (see revision_output.hpp for one revision).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/revision_output.hpp"
#include "plan/planner.hpp"

namespace recon::cli {

std::string plan_text(const plan::ProjectPlan& plan, bool color);
nlohmann::json plan_json(const plan::ProjectPlan& plan);

// The help of --online, for recon plan and recon diff.
inline constexpr const char* kOnlineHelp =
    "true (default): change existing tables in forms that let reads and writes go on (CREATE "
    "INDEX CONCURRENTLY, NOT VALID then VALIDATE); false: the blocking forms, for databases "
    "without traffic";
std::string plan_markdown(const std::vector<plan::ProjectPlan>& plans);
// The plans' warnings, on stderr ("warning: ...").
void print_warnings(const std::vector<plan::ProjectPlan>& plans);

}  // namespace recon::cli
