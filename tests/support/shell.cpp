#include "support/shell.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "support/source_root.hpp"

namespace recon::testing {

std::string shell_quoted(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

ShellResult run_script(const std::filesystem::path& dir,
                       const std::map<std::string, std::string>& env, const std::string& script) {
  std::string command = "cd " + shell_quoted(dir.string()) + " && env";
  for (const auto& [name, value] : env) command += " " + shell_quoted(name + "=" + value);
  command += " bash --noprofile --norc -e -o pipefail -c " + shell_quoted(script) + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  ShellResult out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    out.output.append(buffer, n);
  const int status = ::pclose(pipe);
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

nlohmann::json yaml_as_json(const std::string& yaml) {
  const auto file =
      std::filesystem::temp_directory_path() / ("recon-yaml-" + std::to_string(::getpid()));
  std::ofstream(file) << yaml;
  const auto result = run_script(
      std::filesystem::temp_directory_path(), {},
      "python3 -c 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))' " +
          shell_quoted(file.string()));
  std::filesystem::remove(file);
  INFO(result.output);
  REQUIRE(result.status == 0);
  return nlohmann::json::parse(result.output);
}

void copy_example_projects(const std::filesystem::path& root) {
  for (const std::string project : {"00_personal_todo", "01_user_auth_todo"}) {
    std::filesystem::create_directories(root / "schemas");
    std::filesystem::copy_file(source_root() / "schemas" / (project + ".toml"),
                               root / "schemas" / (project + ".toml"));
    std::filesystem::create_directories(root / "plans" / project);
    std::filesystem::copy(source_root() / "plans" / project, root / "plans" / project);
  }
}

}  // namespace recon::testing
