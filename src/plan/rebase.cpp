#include "plan/rebase.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

namespace recon::plan {
namespace fs = std::filesystem;

std::optional<Fork> find_fork(const Chain& chain) {
  std::map<std::pair<int, std::string>, std::vector<const Revision*>> by_parent;
  for (const auto& r : chain.revisions)
    by_parent[{r.parent_number, r.parent_checksum}].push_back(&r);
  for (auto& [parent, heads] : by_parent) {
    if (heads.size() < 2) continue;
    std::sort(heads.begin(), heads.end(),
              [](const Revision* a, const Revision* b) { return a->file < b->file; });
    return Fork{heads};
  }
  return std::nullopt;
}

std::vector<const Revision*> branch_of(const Chain& chain, const Revision& head) {
  std::vector<const Revision*> out{&head};
  std::set<std::string> in_branch{head.checksum};
  for (const auto& r : chain.revisions) {  // by number: a parent comes before its children
    if (r.number <= head.number || !in_branch.count(r.parent_checksum)) continue;
    out.push_back(&r);
    in_branch.insert(r.checksum);
  }
  return out;
}

namespace {

// The removed files' bytes, written back unless the rebase completes.
class Removal {
 public:
  void remove(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    saved_.emplace_back(file, std::string(std::istreambuf_iterator<char>(in), {}));
    fs::remove(file);
  }
  void keep() { saved_.clear(); }
  ~Removal() {
    for (const auto& [file, bytes] : saved_) std::ofstream(file, std::ios::binary) << bytes;
  }
  Removal() = default;
  Removal(const Removal&) = delete;
  Removal& operator=(const Removal&) = delete;

 private:
  std::vector<std::pair<fs::path, std::string>> saved_;
};

}  // namespace

Rebased rebase(const Request& request, const Chain& chain, const Fork& fork, const Revision& kept,
               const Cache& cache) {
  Rebased out;
  std::optional<std::string> slug;
  Removal removal;
  for (const Revision* head : fork.heads) {
    if (head == &kept) continue;
    if (!slug) slug = head->slug;
    for (const Revision* r : branch_of(chain, *head)) {
      removal.remove(r->file);
      out.removed.push_back(r->file);
    }
  }
  Request again = request;
  if (!again.message) again.message = slug;
  // Their hand-written steps are planned again on top of the kept branch, in number order.
  std::vector<const Revision*> removed;
  for (const Revision* head : fork.heads)
    if (head != &kept)
      for (const Revision* r : branch_of(chain, *head)) removed.push_back(r);
  std::sort(removed.begin(), removed.end(),
            [](const Revision* a, const Revision* b) { return a->number < b->number; });
  for (const Revision* r : removed)
    for (auto& step : hand_written_steps(*r)) again.hand_written.push_back(std::move(step));
  auto plans = make_plans(again, cache);
  for (const auto& p : plans) {
    if (!p.has_changes()) continue;
    write_revision(plans_dir(request.root, p.project.name), p.revision);
    out.replanned = p.revision;
  }
  removal.keep();
  return out;
}

}  // namespace recon::plan
