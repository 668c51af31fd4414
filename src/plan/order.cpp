#include "plan/order.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
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

// A cycle through `start`, "a -> b -> a": every change of a strongly connected component has a
// predecessor in it, so walking backwards inside the component comes back to a change seen.
std::string cycle_through(const Graph& g, const std::vector<Change>& changes,
                          const std::vector<std::size_t>& component, std::size_t start) {
  std::size_t v = start;
  std::vector<std::size_t> path;
  std::vector<int> seen(changes.size(), -1);
  while (seen[v] < 0) {
    seen[v] = static_cast<int>(path.size());
    path.push_back(v);
    for (auto [e, end] = boost::in_edges(v, g); e != end; ++e) {
      const std::size_t u = boost::source(*e, g);
      if (component[u] == component[start]) {
        v = u;
        break;
      }
    }
  }
  // path[k + 1] runs before path[k], and v before the last: v, then the path backwards.
  std::string text = changes[v].object;
  for (std::size_t i = path.size(); i-- > static_cast<std::size_t>(seen[v]);) {
    text += " -> " + changes[path[i]].object;
  }
  return text;
}

// Every cycle of the graph, one per strongly connected component of more than one change (a
// change never depends on itself), in the order of each component's first change.
std::vector<std::string> describe_cycles(const Graph& g, const std::vector<Change>& changes) {
  std::vector<std::size_t> component(changes.size());
  const std::size_t count = boost::strong_components(
      g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g)));
  std::vector<std::size_t> size(count, 0);
  for (const std::size_t c : component) ++size[c];
  std::vector<bool> described(count, false);
  std::vector<std::string> cycles;
  for (std::size_t v = 0; v < changes.size(); ++v) {
    if (size[component[v]] < 2 || described[component[v]]) continue;
    described[component[v]] = true;
    cycles.push_back(cycle_through(g, changes, component, v));
  }
  return cycles;
}

[[noreturn]] void throw_cycles(const Graph& g, const std::vector<Change>& changes) {
  const auto cycles = describe_cycles(g, changes);
  std::string text;
  for (const auto& cycle : cycles) text += (text.empty() ? "" : "; ") + cycle;
  throw InputError(
      {{{},
        std::string("the changes depend on each other in ") +
            (cycles.size() == 1 ? "a cycle" : "cycles") + " that recon cannot break: " + text}});
}

}  // namespace

// Kahn's algorithm with a priority queue rather than boost::topological_sort: Boost's sort is a
// depth-first search, whose order follows the vertex and edge order, not the (kind, object)
// tie-break that every committed plan was written in.
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
  while (!ready.empty()) {
    const std::size_t v = std::get<2>(ready.top());
    ready.pop();
    sequence.push_back(v);
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const std::size_t w = boost::target(*e, g);
      if (--waiting[w] == 0) ready.push(rank(w));
    }
  }
  if (sequence.size() != n) throw_cycles(g, changes);

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
