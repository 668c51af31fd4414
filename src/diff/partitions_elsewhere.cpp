// A partition in another schema than its parent is in neither project's catalog (introspection
// reports it as unsupported), but DROP TABLE of the parent drops it too: a plan that drops
// such a parent is refused rather than losing those rows unseen.
#include <fmt/format.h>

#include <algorithm>

#include "catalog/diagnostic.hpp"
#include "diff/context.hpp"
#include "diff/keys.hpp"

namespace recon::diff {
namespace {

constexpr std::string_view kElsewhere = "partition in another schema";

// "other.events_p0 (of events)" -> "events".
std::string elsewhere_parent_of(const std::string& name) {
  const auto at = name.rfind(" (of ");
  if (at == std::string::npos || name.back() != ')') return "";
  return name.substr(at + 5, name.size() - at - 6);
}

}  // namespace

void refuse_dropping_partitions_elsewhere(const Context& ctx) {
  std::vector<Diagnostic> problems;
  for (const auto& u : ctx.from.unsupported) {
    if (u.kind != kElsewhere) continue;
    const std::string parent = elsewhere_parent_of(u.name);
    const auto table = ctx.to.tables.find(parent);
    const bool dropped = std::any_of(ctx.changes.begin(), ctx.changes.end(), [&](const Change& c) {
      return c.kind == ChangeKind::drop_table &&
             std::count(c.drops.begin(), c.drops.end(), keys::rel(parent)) > 0;
    });
    if (!dropped) continue;
    problems.push_back(
        {table == ctx.to.tables.end() ? SourceLocation{} : table->second.where,
         fmt::format("this plan drops table '{}', and Postgres would drop its partition {} in "
                     "another schema with it: detach that partition first (ALTER TABLE {} "
                     "DETACH PARTITION ...), or keep '{}' as it is",
                     parent, u.name, parent, parent)});
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

}  // namespace recon::diff
