#include "plan/order.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <queue>
#include <tuple>

#include "catalog/diagnostic.hpp"

namespace recon::plan {
namespace {

using Graph = boost::adjacency_list<boost::setS, boost::vecS, boost::bidirectionalS>;
using KeyIndex = std::map<std::string, std::vector<std::size_t>>;

KeyIndex index_keys(const std::vector<Change>& changes, std::vector<std::string> Change::*field) {
  KeyIndex index;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    for (const auto& key : changes[i].*field) index[key].push_back(i);
  }
  return index;
}

void connect(Graph& g, std::size_t from, std::size_t to) {
  if (from != to) boost::add_edge(from, to, g);
}

Graph dependency_graph(const std::vector<Change>& changes) {
  Graph g(changes.size());
  const KeyIndex creators = index_keys(changes, &Change::creates);
  const KeyIndex droppers = index_keys(changes, &Change::drops);
  auto each = [](const KeyIndex& index, const std::string& key, auto&& fn) {
    auto it = index.find(key);
    if (it != index.end())
      for (std::size_t i : it->second) fn(i);
  };
  for (std::size_t c = 0; c < changes.size(); ++c) {
    for (const auto& key : changes[c].needs)
      each(creators, key, [&](std::size_t p) { connect(g, p, c); });
    for (const auto& key : changes[c].uses_old)
      each(droppers, key, [&](std::size_t d) { connect(g, c, d); });
    for (const auto& key : changes[c].after_drops)
      each(droppers, key, [&](std::size_t d) { connect(g, d, c); });
  }
  // What is dropped and created again under the same key is dropped first. A change that
  // drops and creates the same key itself (a column type change rebuilds the column in place)
  // is not a drop of what another change creates: it runs after that creator (a table or
  // column rename), as its `needs` say. Nor is a drop by a change that needs something the
  // creator creates: it drops what that creator made (a column of a table renamed in the
  // same plan, renamed or dropped after the table rename gave it its new key).
  auto needs_any_of = [&](std::size_t d, std::size_t p) {
    const auto& made = changes[p].creates;
    return std::any_of(changes[d].needs.begin(), changes[d].needs.end(), [&](const auto& key) {
      return std::find(made.begin(), made.end(), key) != made.end();
    });
  };
  for (const auto& [key, dropped_by] : droppers) {
    for (std::size_t d : dropped_by) {
      const auto& own = changes[d].creates;
      if (std::find(own.begin(), own.end(), key) != own.end()) continue;
      each(creators, key, [&](std::size_t p) {
        if (!needs_any_of(d, p)) connect(g, d, p);
      });
    }
  }
  return g;
}

std::string describe_cycle(const Graph& g, const std::vector<Change>& changes,
                           const std::vector<bool>& done) {
  // Every vertex left has a predecessor left: walk backwards until one repeats.
  std::size_t v = 0;
  while (done[v]) ++v;
  std::vector<std::size_t> path;
  std::vector<int> seen(changes.size(), -1);
  while (seen[v] < 0) {
    seen[v] = static_cast<int>(path.size());
    path.push_back(v);
    for (auto [e, end] = boost::in_edges(v, g); e != end; ++e) {
      const std::size_t u = boost::source(*e, g);
      if (!done[u]) {
        v = u;
        break;
      }
    }
  }
  std::string text;
  for (std::size_t i = path.size(); i-- > static_cast<std::size_t>(seen[v]);) {
    text += changes[path[i]].object + " -> ";
  }
  return text + changes[v].object;
}

}  // namespace

OrderedChanges order(std::vector<Change> changes) {
  const Graph g = dependency_graph(changes);
  const std::size_t n = changes.size();
  std::vector<std::size_t> waiting(n);
  for (std::size_t v = 0; v < n; ++v) waiting[v] = boost::in_degree(v, g);

  using Rank = std::tuple<int, std::string, std::size_t>;
  auto rank = [&](std::size_t v) {
    return Rank{static_cast<int>(changes[v].kind), changes[v].object, v};
  };
  std::priority_queue<Rank, std::vector<Rank>, std::greater<>> ready;
  for (std::size_t v = 0; v < n; ++v)
    if (waiting[v] == 0) ready.push(rank(v));

  std::vector<std::size_t> sequence;
  std::vector<bool> done(n, false);
  while (!ready.empty()) {
    const std::size_t v = std::get<2>(ready.top());
    ready.pop();
    sequence.push_back(v);
    done[v] = true;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const std::size_t w = boost::target(*e, g);
      if (--waiting[w] == 0) ready.push(rank(w));
    }
  }
  if (sequence.size() != n) {
    throw InputError({{{},
                       "the changes depend on each other in a cycle that recon cannot break: " +
                           describe_cycle(g, changes, done)}});
  }

  std::vector<std::size_t> position(n);
  for (std::size_t i = 0; i < n; ++i) position[sequence[i]] = i;
  OrderedChanges out;
  for (std::size_t v : sequence) out.changes.push_back(std::move(changes[v]));
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    out.edges.emplace_back(position[boost::source(*e, g)], position[boost::target(*e, g)]);
  }
  std::sort(out.edges.begin(), out.edges.end());
  return out;
}

}  // namespace recon::plan
