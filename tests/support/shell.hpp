// Shell scripts and YAML files for the tests of documented examples (docs/ci.md's workflow,
// docker-compose.yml).
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace recon::testing {

std::string shell_quoted(const std::string& word);

struct ShellResult {
  int status = -1;     // the exit status; -1 when a signal ended it
  std::string output;  // stdout and stderr
};

// Runs `script` as GitHub Actions runs a `run:` step (bash -e -o pipefail) in `dir`, with `env`
// added to the environment.
ShellResult run_script(const std::filesystem::path& dir,
                       const std::map<std::string, std::string>& env, const std::string& script);

// YAML text as JSON, read by PyYAML's safe_load (python3-yaml, installed by install-deps).
// Fails the test when it does not parse.
nlohmann::json yaml_as_json(const std::string& yaml);

// Copies the repository's example projects (schemas/ and plans/ of 00_personal_todo and
// 01_user_auth_todo) into the workspace at `root`.
void copy_example_projects(const std::filesystem::path& root);

}  // namespace recon::testing
