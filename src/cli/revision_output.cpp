#include "cli/revision_output.hpp"

#include <fmt/color.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "catalog/identifier.hpp"
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

std::string number_text(int number) {
  return fmt::format("{:04}", number);
}

// How many hazards of each kind the steps carry.
std::map<std::string, int> hazard_counts(const std::vector<Step>& steps) {
  std::map<std::string, int> counts;
  for (const auto& step : steps)
    for (const auto& h : step.hazards) ++counts[h.kind];
  return counts;
}

// The longest run of backticks in `text`.
std::size_t longest_backtick_run(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// One line of free text, with newlines as spaces.
std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

// A code span that shows `text` as it is, whatever backticks it holds; in a table cell a '|'
// would end the cell even inside a code span, so it is escaped there.
std::string code_span(const std::string& raw, bool in_table) {
  std::string text = one_line(raw);
  const std::string fence(longest_backtick_run(text) + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  if (in_table) {
    for (std::size_t at = text.find('|'); at != std::string::npos; at = text.find('|', at + 2))
      text.replace(at, 1, "\\|");
  }
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

// Free text (a hazard's reason) with every character that Markdown or HTML could read as markup
// escaped by a backslash: names in it cannot open a link, a tag or emphasis.
std::string plain_text(const std::string& raw) {
  std::string out;
  for (char c : one_line(raw)) {
    if (std::string_view("\\`*_[]<>&|~!#").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string summary_table(const std::vector<Step>& steps) {
  std::string out = "| # | change | hazards |\n|---|---|---|\n";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::string kinds;
    for (const auto& h : steps[i].hazards)
      if (kinds.find(h.kind) == std::string::npos) kinds += (kinds.empty() ? "" : ", ") + h.kind;
    out += fmt::format("| {} | {} | {} |\n", i + 1, code_span(steps[i].summary, true), kinds);
  }
  return out;
}

std::string hazard_list(const std::vector<Step>& steps) {
  std::string out;
  for (std::size_t i = 0; i < steps.size(); ++i)
    for (const auto& h : steps[i].hazards)
      out += fmt::format("- step {} {}: **{}**: {}\n", i + 1, code_span(steps[i].summary, false),
                         h.kind, h.reason.empty() ? "(no reason given)" : plain_text(h.reason));
  return out.empty() ? "" : "**Hazards**\n\n" + out + "\n";
}

std::string sql_block(const Revision& r) {
  const std::string sql = render_steps(r.plan.schema, r.plan.steps);
  const std::string fence(std::max<std::size_t>(3, longest_backtick_run(sql) + 1), '`');
  return fmt::format(
      "<details>\n<summary>SQL of revision {} ({} step{})</summary>\n\n{}sql\n{}{}\n\n</details>\n",
      number_text(r.number), r.plan.steps.size(), r.plan.steps.size() == 1 ? "" : "s", fence, sql,
      fence);
}

}  // namespace

std::string revision_text(const Revision& revision, bool color) {
  std::istringstream in(render_revision(revision));
  std::string out, line;
  while (std::getline(in, line)) out += colored_line(line, color) + "\n";
  return out;
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

nlohmann::json revision_json(const Revision& r) {
  nlohmann::json j = {
      {"project", r.plan.project},
      {"schema", r.plan.schema},
      {"number", r.number},
      {"slug", r.slug},
      {"parent", r.parent_number == 0 ? nlohmann::json(nullptr)
                                      : nlohmann::json{{"number", r.parent_number},
                                                       {"checksum", r.parent_checksum}}},
      {"source_fingerprint", r.plan.source_fingerprint},
      {"target_fingerprint", r.plan.target_fingerprint},
      {"planned_from", r.planned_from == PlanSource::chain ? "chain" : "database"},
      {"recon", r.recon_version},
      {"roles", r.plan.roles},
      {"hazards", hazard_counts(r.plan.steps)},
      {"steps", steps_json(r.plan.steps)}};
  if (!r.checksum.empty()) j["checksum"] = r.checksum;
  if (!r.file.empty()) j["file"] = r.file.generic_string();
  return j;
}

std::string revision_markdown(const Revision& r) {
  const auto counts = hazard_counts(r.plan.steps);
  std::string hazards;
  for (const auto& [kind, count] : counts)
    hazards += fmt::format("{}**{}** x{}", hazards.empty() ? "" : ", ", kind, count);
  std::string out = fmt::format("#### {} revision {} {}\n\n", code_span(r.plan.project, false),
                                number_text(r.number), code_span(r.slug, false));
  out += fmt::format("Schema {}, {}, planned from {}. {} step{}; hazards: {}.\n\n",
                     code_span(quote_ident(r.plan.schema), false),
                     r.parent_number == 0 ? std::string("the first revision")
                                          : "after revision " + number_text(r.parent_number),
                     r.planned_from == PlanSource::database ? "a live database"
                     : r.parent_number == 0                 ? "an empty schema"
                                            : "the state the revisions before it reach",
                     r.plan.steps.size(), r.plan.steps.size() == 1 ? "" : "s",
                     hazards.empty() ? "none" : hazards);
  out += summary_table(r.plan.steps) + "\n";
  out += hazard_list(r.plan.steps);
  return out + sql_block(r) + "\n";
}

}  // namespace recon::cli
