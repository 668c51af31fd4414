#include "apply/workspace.hpp"

#include "catalog/identifier.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "apply/duration.hpp"
#include "catalog/diagnostic.hpp"
#include "declare/cross_project.hpp"
#include "declare/declare.hpp"
#include "plan/revision_file.hpp"

namespace recon::apply {
namespace fs = std::filesystem;
namespace {

bool hidden(const fs::path& path) {
  return path.filename().string().starts_with(".");
}

std::optional<fs::path> declaration_of(const fs::path& root, const std::string& name) {
  std::error_code ec;
  const fs::path file = root / "schemas" / (name + ".toml");
  if (fs::is_regular_file(file, ec)) return file;
  const fs::path dir = root / "schemas" / name;
  if (fs::is_directory(dir, ec)) return dir;
  return std::nullopt;
}

// The schema named by the lowest-numbered revision file that parses, or "".
std::string schema_from_revisions(const fs::path& plans_dir) {
  std::error_code ec;
  if (!fs::is_directory(plans_dir, ec)) return "";
  std::vector<std::pair<int, fs::path>> files;
  for (fs::directory_iterator it(plans_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto parsed = parse_revision_file_name(it->path().filename().string());
    if (parsed) files.emplace_back(parsed->first, it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& [number, path] : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) continue;
    try {
      const Revision r = parse_revision(text.str(), path);
      if (!r.plan.schema.empty()) return r.plan.schema;
    } catch (const std::exception&) {
      // read_chain reports it
    }
  }
  return "";
}

}  // namespace

const Revision* Project::revision(int number) const {
  for (const auto& r : chain.revisions)
    if (r.number == number) return &r;
  return nullptr;
}

int Project::head() const {
  int head = 0;
  for (const auto& r : chain.revisions) head = std::max(head, r.number);
  return head;
}

std::vector<std::string> project_names(const fs::path& root) {
  std::set<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(root / "schemas", ec), end; !ec && it != end; it.increment(ec)) {
    if (hidden(it->path())) continue;
    std::error_code type_ec;
    if (it->is_directory(type_ec))
      names.insert(it->path().filename().string());
    else if (it->path().extension() == ".toml" && it->is_regular_file(type_ec))
      names.insert(it->path().stem().string());
  }
  ec.clear();
  for (fs::directory_iterator it(root / "plans", ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (!hidden(it->path()) && it->is_directory(type_ec))
      names.insert(it->path().filename().string());
  }
  return {names.begin(), names.end()};
}

Project load_project(const fs::path& root, const std::string& name) {
  Project p;
  p.name = name;
  p.plans_dir = root / "plans" / name;
  p.declaration = declaration_of(root, name);
  p.schema = schema_from_revisions(p.plans_dir);
  std::optional<Diagnostic> bad_setting;
  if (p.declaration) {
    try {
      const auto declared = declare::load_project(*p.declaration);
      p.introspection = introspect::options_for(declared.catalog);
      p.lock_retries = declared.lock_retries;
      if (declared.lock_timeout) {
        try {
          p.lock_timeout = parse_duration(*declared.lock_timeout);
        } catch (const std::invalid_argument& e) {
          bad_setting = Diagnostic{declared.lock_timeout_at,
                                   std::string("[apply] lock_timeout: ") + e.what()};
        }
      }
      if (p.schema.empty()) {
        p.schema = declared.catalog.schema;
      } else if (declared.catalog.schema != p.schema) {
        p.notes.push_back(p.declaration->generic_string() + " declares schema '" +
                          declared.catalog.schema + "' but the revisions target schema '" +
                          p.schema + "': recon applies the revisions to '" + p.schema + "'");
      }
    } catch (const std::exception& e) {
      p.notes.push_back("the declaration " + p.declaration->generic_string() +
                        " does not load, so the relations it ignores are not known (a live "
                        "schema holding them will not match the revisions):\n" +
                        std::string(e.what()));
    }
  }
  if (bad_setting) throw InputError({*bad_setting});
  p.chain = read_chain(p.plans_dir, name, p.schema);
  return p;
}

namespace {

// Whether any revision of `project` names a relation of `schema` ("01_user_auth_todo".users).
bool refers_to(const Project& project, const std::string& schema) {
  if (schema.empty() || schema == project.schema) return false;
  const std::string prefix = quote_ident(schema) + ".";
  for (const auto& revision : project.chain.revisions) {
    for (const auto& step : revision.plan.steps) {
      if (step.sql.find(prefix) != std::string::npos) return true;
    }
  }
  return false;
}

// Projects whose tables others reference (cross-project foreign keys) go first; otherwise
// name order. A cycle between projects keeps name order.
std::vector<Project> referenced_first(std::vector<Project> projects) {
  std::vector<Project> out;
  std::vector<int> state(projects.size(), 0);
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    if (state[i] != 0) return;
    state[i] = 1;
    for (std::size_t j = 0; j < projects.size(); ++j) {
      if (refers_to(projects[i], projects[j].schema)) visit(j);
    }
    state[i] = 2;
    out.push_back(projects[i]);
  };
  for (std::size_t i = 0; i < projects.size(); ++i) visit(i);
  return out;
}

}  // namespace

std::vector<Project> select_projects(const fs::path& root, const std::vector<std::string>& names) {
  const auto all = project_names(root);
  std::vector<Project> out;
  if (names.empty()) {
    for (const auto& name : all) out.push_back(load_project(root, name));
    return referenced_first(std::move(out));
  }
  std::vector<Diagnostic> unknown;
  for (const auto& name : names)
    if (std::find(all.begin(), all.end(), name) == all.end())
      unknown.push_back({{},
                         "unknown project '" + name + "': there is no schemas/" + name +
                             ".toml, schemas/" + name + "/ or plans/" + name + "/ in " +
                             root.generic_string() + did_you_mean(name, all)});
  if (!unknown.empty()) throw InputError(std::move(unknown));
  std::set<std::string> seen;
  for (const auto& name : names)
    if (seen.insert(name).second) out.push_back(load_project(root, name));
  return out;
}

void require_valid_declarations(const std::vector<Project>& projects) {
  std::vector<Diagnostic> problems;
  std::vector<declare::Project> loaded;
  for (const auto& project : projects) {
    if (!project.declaration) continue;
    try {
      loaded.push_back(declare::load_project(*project.declaration));
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  const Diagnostic refused{{},
                           "recon apply requires valid declarations, as `recon verify` "
                           "checks them; nothing was applied:"};
  if (!problems.empty()) {
    problems.insert(problems.begin(), refused);
    throw InputError(std::move(problems));
  }
  if (loaded.empty()) return;
  const fs::path schemas_dir = projects.front().plans_dir.parent_path().parent_path() / "schemas";
  auto referenced = declare::load_referenced_projects(schemas_dir, loaded);
  std::vector<const declare::Project*> all;
  for (const auto& p : loaded) all.push_back(&p);
  for (const auto& p : referenced) all.push_back(&p);
  try {
    declare::check_cross_project_references(all);
  } catch (const InputError& e) {
    problems = e.diagnostics();
    problems.insert(problems.begin(), refused);
    throw InputError(std::move(problems));
  }
}

std::vector<Project> prerequisites(const Project& project) {
  const fs::path root = project.plans_dir.parent_path().parent_path();
  std::vector<Project> others;
  for (const auto& name : project_names(root))
    if (name != project.name) others.push_back(load_project(root, name));
  std::vector<const Project*> needed{&project};
  std::set<std::string> taken{project.name};
  for (std::size_t i = 0; i < needed.size(); ++i)
    for (const auto& other : others)
      if (refers_to(*needed[i], other.schema) && taken.insert(other.name).second)
        needed.push_back(&other);
  std::vector<Project> out;
  for (const auto& other : others)
    if (other.name != project.name && taken.count(other.name)) out.push_back(other);
  return referenced_first(std::move(out));
}

}  // namespace recon::apply
