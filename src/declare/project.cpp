// Projects on disk: schemas/NAME.toml or schemas/NAME/*.toml, one schema each.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "declare/declaration.hpp"
#include "declare/declare.hpp"
#include "declare/reference_data.hpp"

namespace recon::declare {
namespace fs = std::filesystem;
namespace {

bool hidden(const fs::path& path) {
  return path.filename().string().starts_with(".");
}

bool toml_file(const fs::directory_entry& entry) {
  return entry.is_regular_file() && entry.path().extension() == ".toml" && !hidden(entry.path());
}

// The .toml files under `dir`, in sorted order of their paths; hidden entries (editor
// backups, .git) are skipped.
std::vector<fs::path> toml_files(const fs::path& dir) {
  std::vector<fs::path> files;
  auto it = fs::recursive_directory_iterator(dir);
  for (const fs::directory_entry& entry : it) {
    if (hidden(entry.path())) {
      if (entry.is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (toml_file(entry)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path, Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in)
    diagnostics.error({path.generic_string(), 0, 0},
                      std::string("cannot read the file: ") + std::strerror(errno));
  return text.str();
}

Declaration read_path(const fs::path& path, Diagnostics& diagnostics) {
  const std::string file = path.generic_string();
  return read_declaration(read_file(path, diagnostics), file, diagnostics);
}

Declaration read_directory(const fs::path& dir, Diagnostics& diagnostics) {
  const auto files = toml_files(dir);
  if (files.empty())
    diagnostics.error({dir.generic_string(), 0, 0}, "the project directory has no .toml files");
  Declaration all;
  for (std::size_t i = 0; i < files.size(); ++i) {
    Declaration next = read_path(files[i], diagnostics);
    if (i == 0)
      all = std::move(next);
    else
      merge(all, std::move(next), diagnostics);
  }
  return all;
}

// schemas/NAME/ (given with or without a trailing slash) is project NAME.
std::string project_name(const fs::path& path, bool directory) {
  fs::path clean = path.lexically_normal();
  if (clean.filename().empty()) clean = clean.parent_path();
  return directory ? clean.filename().string() : clean.stem().string();
}

// NAME -> schemas/NAME.toml or schemas/NAME/.
std::map<std::string, fs::path> find_projects(const fs::path& dir, Diagnostics& diagnostics) {
  std::map<std::string, fs::path> found;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (hidden(entry.path())) continue;
    const bool directory = entry.is_directory();
    if (directory ? toml_files(entry.path()).empty() : !toml_file(entry)) continue;
    const std::string name = project_name(entry.path(), directory);
    auto [other, inserted] = found.emplace(name, entry.path());
    if (!inserted)
      diagnostics.error({entry.path().generic_string(), 0, 0},
                        "project '" + name + "' is also declared by " +
                            other->second.generic_string() + ": keep one of them");
  }
  return found;
}

std::vector<std::string> select(const std::map<std::string, fs::path>& found,
                                const std::vector<std::string>& only, const fs::path& dir,
                                Diagnostics& diagnostics) {
  std::vector<std::string> names;
  for (const auto& [name, path] : found) names.push_back(name);
  if (only.empty()) return names;
  std::vector<std::string> selected;
  for (const std::string& name : only) {
    if (found.contains(name)) {
      selected.push_back(name);
      continue;
    }
    diagnostics.error({}, "unknown project '" + name + "': there is no " + name + ".toml or " +
                              name + "/ in " + dir.generic_string() + did_you_mean(name, names));
  }
  std::sort(selected.begin(), selected.end());
  selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
  return selected;
}

// A schema belongs to one project: two projects reconciling it would undo each other.
void check_owners(const std::vector<Project>& projects, Diagnostics& diagnostics) {
  std::map<std::string, const Project*> owners;
  for (const Project& project : projects) {
    auto [other, inserted] = owners.emplace(project.catalog.schema, &project);
    if (!inserted)
      diagnostics.error({project.source.generic_string(), 0, 0},
                        "projects '" + other->second->name + "' and '" + project.name +
                            "' both declare schema '" + project.catalog.schema +
                            "': a schema belongs to one project");
  }
}

}  // namespace

Catalog parse_declaration(std::string_view toml_text, const std::string& file_name) {
  Diagnostics diagnostics;
  Declaration declaration = read_declaration(toml_text, file_name, diagnostics);
  complete(declaration, fs::path(file_name).stem().string(), file_name, diagnostics);
  complete_reference_data(declaration, diagnostics);
  diagnostics.throw_if_any();
  return std::move(declaration.catalog);
}

Project load_project(const fs::path& file_or_dir) {
  Diagnostics diagnostics;
  std::error_code error;
  const bool directory = fs::is_directory(file_or_dir, error);
  if (!directory && !fs::is_regular_file(file_or_dir, error)) {
    diagnostics.error({file_or_dir.generic_string(), 0, 0}, "no such project file or directory");
    diagnostics.throw_if_any();
  }
  Project project;
  project.name = project_name(file_or_dir, directory);
  project.source = file_or_dir;
  Declaration declaration;
  try {
    declaration =
        directory ? read_directory(file_or_dir, diagnostics) : read_path(file_or_dir, diagnostics);
  } catch (const fs::filesystem_error& error) {  // e.g. an unreadable subdirectory
    diagnostics.error({error.path1().generic_string(), 0, 0}, error.code().message());
    diagnostics.throw_if_any();
  }
  complete(declaration, project.name, file_or_dir.generic_string(), diagnostics);
  complete_reference_data(declaration, diagnostics);
  diagnostics.throw_if_any();
  project.catalog = std::move(declaration.catalog);
  project.data = std::move(declaration.data);
  if (declaration.online) project.online = declaration.online->value;
  if (declaration.lock_timeout) {
    project.lock_timeout = declaration.lock_timeout->value;
    project.lock_timeout_at = declaration.lock_timeout->where;
  }
  if (declaration.lock_retries)
    project.lock_retries = static_cast<int>(declaration.lock_retries->value);
  return project;
}

std::vector<Project> load_projects(const fs::path& schemas_dir,
                                   const std::vector<std::string>& only) {
  Diagnostics diagnostics;
  std::error_code error;
  if (!fs::is_directory(schemas_dir, error)) {
    diagnostics.error({schemas_dir.generic_string(), 0, 0}, "no such schemas directory");
    diagnostics.throw_if_any();
  }
  std::map<std::string, fs::path> found;
  try {
    found = find_projects(schemas_dir, diagnostics);
  } catch (const fs::filesystem_error& error) {
    diagnostics.error({error.path1().generic_string(), 0, 0}, error.code().message());
    diagnostics.throw_if_any();
  }
  std::vector<Project> projects;
  for (const std::string& name : select(found, only, schemas_dir, diagnostics)) {
    try {
      projects.push_back(load_project(found.at(name)));
    } catch (const InputError& problems) {
      diagnostics.append(problems.diagnostics());
    }
  }
  check_owners(projects, diagnostics);
  diagnostics.throw_if_any();
  return projects;
}

std::set<std::string> referenced_schemas(const Catalog& catalog) {
  std::set<std::string> out;
  for (const auto& [name, table] : catalog.tables)
    for (const auto& c : table.constraints)
      if (c.kind == ConstraintKind::foreign_key && !c.references.schema.empty() &&
          c.references.schema != catalog.schema)
        out.insert(c.references.schema);
  return out;
}

std::vector<Project> load_referenced_projects(const fs::path& schemas_dir,
                                              const std::vector<Project>& projects) {
  Diagnostics ignored;  // a project that does not load is reported when it is planned itself
  std::map<std::string, fs::path> found;
  try {
    found = find_projects(schemas_dir, ignored);
  } catch (const fs::filesystem_error&) {
    return {};
  }
  std::set<std::string> have;
  std::vector<std::string> wanted;
  for (const auto& p : projects) {
    have.insert(p.catalog.schema);
    for (const auto& s : referenced_schemas(p.catalog)) wanted.push_back(s);
  }
  std::map<std::string, Project> by_schema;  // the others, loaded once
  for (const auto& [found_name, path] : found) {
    const std::string& name = found_name;  // clang 14 cannot capture a structured binding
    if (std::any_of(projects.begin(), projects.end(),
                    [&](const Project& p) { return p.name == name; }))
      continue;
    try {
      Project p = load_project(path);
      by_schema.emplace(p.catalog.schema, std::move(p));
    } catch (const InputError&) {
    }
  }
  std::vector<Project> out;
  while (!wanted.empty()) {
    const std::string schema = wanted.back();
    wanted.pop_back();
    auto it = by_schema.find(schema);
    if (!have.insert(schema).second || it == by_schema.end()) continue;
    for (const auto& s : referenced_schemas(it->second.catalog)) wanted.push_back(s);
    out.push_back(it->second);
  }
  return out;
}

}  // namespace recon::declare
