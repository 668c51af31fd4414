// read_chain's checks across files: forks, gaps in the numbering, parents that are not the
// revision before.
#include <algorithm>
#include <map>
#include <utility>

#include "plan/chain_checks.hpp"
#include "plan/revision_layout.hpp"

namespace recon::chain {
namespace {

using revision_layout::number_text;

// After a merge of two branches that each planned a revision: the way out is a command.
std::string fork_fix(const std::string& project) {
  return "two revisions were planned from the same parent, likely in parallel pull requests "
         "merged together: `recon rebase " +
         project +
         "` keeps the one merged first (or, with --db, the one that database has applied) and "
         "plans the other again on top of it";
}

// The entries of each number, in their order (Entry* or const Entry*).
template <typename EntryPointer, typename Entries>
std::map<int, std::vector<EntryPointer>> entries_by_number(Entries& entries) {
  std::map<int, std::vector<EntryPointer>> out;
  for (auto& entry : entries) out[entry.number].push_back(&entry);
  return out;
}

void report_fork(const std::vector<Entry*>& group, const std::string& project, Problems& problems) {
  std::string names;
  for (std::size_t i = 0; i < group.size(); ++i) {
    names += i == 0 ? "" : (i + 1 == group.size() ? " and " : ", ");
    names += group[i]->path.string();
    group[i]->in_fork = true;
  }
  problems.push_back(ChainProblem{"fork", group.back()->path, names + ": " + fork_fix(project)});
}

void check_gap(int expected, int number, const Entry& first, Problems& problems) {
  if (number <= expected) return;
  const std::string missing =
      number == expected + 1
          ? "revision " + number_text(expected) + " is"
          : "revisions " + number_text(expected) + " to " + number_text(number - 1) + " are";
  problems.push_back(ChainProblem{"gap", first.path,
                                  first.path.string() + ": " + missing +
                                      " missing: revisions are numbered from 0001 without gaps "
                                      "(restore the missing file from git)"});
}

// The parent of a revision other than the first must be the one before it, checksum included.
void check_parent(const Entry& entry, const Entry& before, Problems& problems) {
  const Revision& r = *entry.revision;
  const auto broken = [&](const std::string& message) {
    problems.push_back(ChainProblem{"broken-link", entry.path, entry.path.string() + message});
  };
  if (r.parent_number != entry.number - 1) {
    broken(": its parent is " +
           (r.parent_number == 0 ? std::string("none") : number_text(r.parent_number)) +
           ", but the revision before it is " + before.path.filename().string());
  } else if (r.parent_checksum != before.revision->checksum) {
    broken(": its parent checksum " + r.parent_checksum + " is not the checksum of " +
           before.path.filename().string() + " (" + before.revision->checksum +
           "): it was planned from another version of that revision; delete this revision if it "
           "is unmerged and run `recon plan` again");
  }
}

// The one entry of a number that parsed and is in no fork, else nullptr.
const Entry* sole_parsed_entry(const std::vector<const Entry*>& group) {
  return group.size() == 1 && group.front()->revision && !group.front()->in_fork ? group.front()
                                                                                 : nullptr;
}

}  // namespace

void find_forks(std::vector<Entry>& entries, const std::string& project, Problems& problems) {
  std::map<std::pair<int, std::string>, std::vector<Entry*>> by_parent;
  for (auto& entry : entries)
    if (entry.revision)
      by_parent[{entry.revision->parent_number, entry.revision->parent_checksum}].push_back(&entry);
  for (const auto& [number, group] : entries_by_number<Entry*>(entries))
    if (group.size() > 1) report_fork(group, project, problems);
  for (const auto& [parent, group] : by_parent)
    if (group.size() > 1 &&
        std::any_of(group.begin(), group.end(), [](const Entry* e) { return !e->in_fork; }))
      report_fork(group, project, problems);
}

void check_links(const std::vector<Entry>& entries, Problems& problems) {
  const auto by_number = entries_by_number<const Entry*>(entries);
  int expected = 1;
  for (const auto& [number, group] : by_number) {
    check_gap(expected, number, *group.front(), problems);
    expected = number + 1;
    const Entry* entry = sole_parsed_entry(group);
    if (!entry) continue;
    if (number == 1) {
      const Revision& r = *entry->revision;
      if (r.parent_number != 0)
        problems.push_back(ChainProblem{
            "broken-link", entry->path,
            entry->path.string() + ": the first revision must have no parent, but it names " +
                number_text(r.parent_number) + " " + r.parent_checksum});
      continue;
    }
    const auto previous = by_number.find(number - 1);
    if (previous == by_number.end() || previous->second.size() != 1 ||
        !previous->second.front()->revision)
      continue;  // the gap, fork or parse error is reported already
    check_parent(*entry, *previous->second.front(), problems);
  }
}

}  // namespace recon::chain
