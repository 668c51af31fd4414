// recon graph: the dependency graph of the next plan, as Graphviz DOT.
#include <fmt/core.h>

#include "cli/commands.hpp"
#include "cli/plan_output.hpp"
#include "plan/planner.hpp"

namespace recon::cli {
namespace {

std::string dot_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string dot(const plan::ProjectPlan& p) {
  std::string out = "digraph \"" + dot_escape(p.project.name) +
                    "\" {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n";
  const auto& changes = p.ordered.changes;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    std::string label = fmt::format("{}. {}", i + 1, changes[i].summary);
    for (const auto& h : changes[i].hazards) label += "\n[" + h.kind + "]";
    const char* color = changes[i].hazards.empty() ? "black" : "red";
    out += fmt::format("  s{} [label=\"{}\", color={}];\n", i + 1, dot_escape(label), color);
  }
  for (const auto& [from, to] : p.ordered.edges)
    out += fmt::format("  s{} -> s{};\n", from + 1, to + 1);
  return out + "}\n";
}

int run_graph(const Context& ctx, const std::string& project) {
  plan::Request request;
  request.root = ctx.root();
  request.projects = {project};
  request.dev_url = ctx.dev_url;
  // Writes nothing, not even the local cache.
  const auto plans =
      plan::make_plans(request, plan::Cache(request.root, plan::Cache::Access::read_only));
  print_warnings(plans);
  for (const auto& p : plans) fmt::print("{}", dot(p));
  return 0;
}

}  // namespace

void register_graph(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand(
      "graph",
      "Print the dependency graph of the next plan of PROJECT as Graphviz DOT (writes nothing)");
  auto project = std::make_shared<std::string>();
  cmd->add_option("project", *project, "The project")->required();
  cmd->callback(
      [&run, &ctx, project] { run = [&ctx, project] { return run_graph(ctx, *project); }; });
}

}  // namespace recon::cli
