// Writing a revision file: the layout revision_file.hpp draws, byte for byte.
#include <algorithm>
#include <map>
#include <range/v3/range/conversion.hpp>
#include <range/v3/view/join.hpp>
#include <range/v3/view/transform.hpp>
#include <stdexcept>

#include "catalog/identifier.hpp"
#include "plan/comment_text.hpp"
#include "plan/revision_file.hpp"
#include "plan/revision_layout.hpp"

namespace recon {
namespace revision_layout {

std::string number_text(long long n) {
  std::string digits = std::to_string(n);
  if (digits.size() < 4) digits.insert(0, 4 - digits.size(), '0');
  return digits;
}

std::string preamble(std::string_view schema) {
  const std::string q = quote_ident(schema);
  return "CREATE SCHEMA IF NOT EXISTS " + q + ";\nSET search_path TO " + q + ";\n";
}

namespace {

std::string joined(auto&& texts) {
  return texts | ranges::views::join(std::string_view(", ")) | ranges::to<std::string>();
}

// "data-loss x2, index-build x1": the count of each hazard kind, by kind; "none".
std::string hazard_totals(const std::vector<Step>& steps) {
  std::map<std::string, int> counts;
  for (const auto& step : steps)
    for (const auto& h : step.hazards) ++counts[h.kind];
  if (counts.empty()) return "none";
  return joined(counts | ranges::views::transform([](const auto& kind_count) {
                  return kind_count.first + " x" + std::to_string(kind_count.second);
                }));
}

// "  [data-loss, access-exclusive-lock]": the step's hazard kinds, each once, in order.
std::string step_kinds(const Step& step) {
  std::vector<std::string_view> kinds;
  for (const auto& h : step.hazards)
    if (std::find(kinds.begin(), kinds.end(), h.kind) == kinds.end()) kinds.push_back(h.kind);
  if (kinds.empty()) return "";
  return "  [" + joined(kinds) + "]";
}

// True when a line of the SQL could be taken for a line of recon's own structure.
bool needs_line_count(std::string_view sql) {
  std::size_t start = 0;
  while (true) {
    if (sql.substr(start, 2) == "--") return true;
    const std::size_t newline = sql.find('\n', start);
    if (newline == std::string_view::npos) return false;
    start = newline + 1;
  }
}

void validate_for_rendering(const Revision& r) {
  const auto fail = [](const std::string& message) {
    throw std::invalid_argument("cannot write revision: " + message);
  };
  if (r.number < 1) fail("its number must be 1 or more, not " + std::to_string(r.number));
  if (!is_slug(r.slug)) fail("its slug must be made of [a-z0-9_], not '" + r.slug + "'");
  if (r.plan.project.empty()) fail("its project is empty");
  if (r.plan.schema.empty()) fail("its schema is empty");
  if (r.recon_version.empty()) fail("its recon version is empty");
  if (!is_sha256(r.plan.source_fingerprint))
    fail("source fingerprint '" + r.plan.source_fingerprint + "' is not sha256:<64 hex>");
  if (!is_sha256(r.plan.target_fingerprint))
    fail("target fingerprint '" + r.plan.target_fingerprint + "' is not sha256:<64 hex>");
  if (r.parent_number < 0) fail("its parent number is negative");
  if (r.parent_number == 0 && !r.parent_checksum.empty())
    fail("it has a parent checksum but no parent number");
  if (r.parent_number > 0 && !is_sha256(r.parent_checksum))
    fail("parent checksum '" + r.parent_checksum + "' is not sha256:<64 hex>");
  for (const auto& step : r.plan.steps)
    for (const auto& h : step.hazards)
      if (!is_hazard_kind(h.kind)) fail("hazard kind '" + h.kind + "' is not made of [a-z0-9-]");
}

}  // namespace

std::string render_body(const Revision& r) {
  validate_for_rendering(r);
  std::string out;
  out += std::string(kFirstLinePrefix) + number_text(r.number) + ": " + r.slug + "\n";
  out += "-- project: " + escape_comment_text(r.plan.project) + "\n";
  out += "-- schema: " + escape_comment_text(quote_ident(r.plan.schema)) + "\n";
  out += "-- parent: " +
         (r.parent_number == 0 ? std::string("none")
                               : number_text(r.parent_number) + " " + r.parent_checksum) +
         "\n";
  out += "-- source: " + r.plan.source_fingerprint + "\n";
  out += "-- target: " + r.plan.target_fingerprint + "\n";
  out += std::string("-- planned-from: ") +
         (r.planned_from == PlanSource::chain ? "chain" : "database") + "\n";
  if (!r.plan.roles.empty()) {
    std::string roles;
    for (const auto& role : r.plan.roles)
      roles += (roles.empty() ? "" : ", ") + escape_comment_text(quote_ident(role));
    out += "-- roles: " + roles + "\n";
  }
  out += "-- recon: " + escape_comment_text(r.recon_version) + "\n";
  out += "--\n";
  return out + render_steps(r.plan.schema, r.plan.steps);
}

}  // namespace revision_layout

std::string render_steps(const std::string& schema, const std::vector<Step>& steps) {
  using namespace revision_layout;
  const std::string count = std::to_string(steps.size());
  std::string out;
  out += std::string(kSummaryPrefix) + count + (steps.size() == 1 ? " step" : " steps") + "):\n";
  for (const auto& step : steps)
    out += std::string(kSummaryLinePrefix) + escape_comment_text(step.summary) + step_kinds(step) +
           "\n";
  out += "--\n";
  out += std::string(kHazardsPrefix) + hazard_totals(steps) + "\n";
  out += "\n";
  out += preamble(schema);
  out += "\n";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    out += std::string(kStepPrefix) + std::to_string(i + 1) + "/" + count + ":";
    if (!step.summary.empty()) out += " " + escape_comment_text(step.summary);
    out += "\n";
    for (const auto& h : step.hazards) {
      out += std::string(kHazardPrefix) + h.kind + ":";
      if (!h.reason.empty()) out += " " + escape_comment_text(h.reason);
      out += "\n";
    }
    if (!step.lock.empty()) out += std::string(kLockPrefix) + escape_comment_text(step.lock) + "\n";
    if (!step.transactional)
      out += std::string(kDirectivePrefix) + std::string(kNotTransactional) + "\n";
    if (needs_line_count(step.sql)) {
      const auto lines = std::count(step.sql.begin(), step.sql.end(), '\n') + 1;
      out += std::string(kDirectivePrefix) + std::string(kSqlLines) + std::to_string(lines) + "\n";
    }
    out += step.sql;
    out += "\n\n";
  }
  return out;
}

std::string render_revision(const Revision& revision) {
  using namespace revision_layout;
  std::string text = render_body(revision);
  return text + checksum_line(text);
}

}  // namespace recon
