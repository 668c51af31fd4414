// The CI example of docs/ci.md, run: its workflow's `run:` steps (all but those that install
// software) in a git repository with a main branch and a pull request, with recon on PATH and a
// real PostgreSQL as the apply job's database.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/apply_fixture.hpp"
#include "support/shell.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;

namespace {

// The ```yaml block of docs/ci.md: the workflow users copy.
std::string workflow_of_docs() {
  const std::string doc = read_text(source_root() / "docs" / "ci.md");
  const auto start = doc.find("```yaml\n");
  REQUIRE(start != std::string::npos);
  const auto end = doc.find("\n```\n", start);
  REQUIRE(end != std::string::npos);
  return doc.substr(start + 8, end - start - 8 + 1);
}

struct RunStep {
  std::string name;
  std::map<std::string, std::string> env;
  std::string script;
};

// The job's `run:` steps, but those whose id starts with "install" (they install packages and
// build recon). `${{ secrets.NAME }}` in a step's env takes its value from `secrets`; any other
// expression fails the test (the test would not know what it means).
std::vector<RunStep> run_steps(const nlohmann::json& workflow, const std::string& job,
                               const std::map<std::string, std::string>& secrets) {
  std::vector<RunStep> out;
  for (const auto& step : workflow.at("jobs").at(job).at("steps")) {
    if (!step.contains("run")) continue;
    if (step.value("id", "").starts_with("install")) continue;
    RunStep s{step.value("name", step["run"].get<std::string>()), {}, step["run"]};
    INFO("step " << s.name);
    CHECK(s.script.find("${{") == std::string::npos);
    const nlohmann::json env = step.value("env", nlohmann::json::object());
    for (const auto& [name, value] : env.items()) {
      std::smatch m;
      const std::string text = value.get<std::string>();
      static const std::regex secret(R"(^\$\{\{\s*secrets\.(\w+)\s*\}\}$)");
      REQUIRE(std::regex_match(text, m, secret));
      REQUIRE(secrets.count(m[1]) == 1);
      s.env[name] = secrets.at(m[1]);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

TEST_CASE("the CI example of docs/ci.md: review on the pull request, apply on merge", "[ci][cli]") {
  const auto workflow = yaml_as_json(workflow_of_docs());
  // The documented steps are all there: the test would prove nothing without them.
  std::string all_scripts;
  for (const char* job : {"review", "apply"})
    for (const auto& s : run_steps(workflow, job, {{"RECON_DATABASE_URL", ""}}))
      all_scripts += s.script + "\n";
  for (const char* command : {"recon verify", "recon plan --check", "recon show --format markdown",
                              "recon apply --wait-lock"})
    CHECK_THAT(all_scripts, Catch::Contains(command));

  // The repository: the example projects on main, then a pull request that adds a column.
  TempWorkspace repo;
  const fs::path root = repo.root();
  copy_example_projects(root);
  const fs::path home = root / ".home";  // git config --global of the steps lands here
  fs::create_directories(home);
  const std::map<std::string, std::string> git_env = {
      {"HOME", home.string()},     {"GIT_AUTHOR_NAME", "t"},       {"GIT_AUTHOR_EMAIL", "t@t"},
      {"GIT_COMMITTER_NAME", "t"}, {"GIT_COMMITTER_EMAIL", "t@t"}, {"GIT_CONFIG_NOSYSTEM", "1"}};
  const auto git_in = [&](const std::string& args) {
    const auto result = run_script(root, git_env, "git " + args);
    INFO("git " << args << ": " << result.output);
    REQUIRE(result.status == 0);
  };
  std::ofstream(root / ".gitignore") << ".home/\n.recon/\nnew-revisions.txt\nrecon-comment.md\n";
  git_in("init -q -b main");
  git_in("add -A");
  git_in("commit -q -m examples");
  git_in("update-ref refs/remotes/origin/main main");
  git_in("checkout -q -b add-nickname");
  std::ofstream(root / "schemas" / "01_user_auth_todo.toml", std::ios::app)
      << "\n[[tables.users.columns]]\nname = \"nickname\"\ntype = \"text\"\n";
  const auto planned = run_recon({"plan", "01_user_auth_todo", "-m", "add nickname", "--root",
                                  root.string(), "--dev-url", server_url()});
  INFO(planned.err);
  REQUIRE(planned.exit_code == 0);
  git_in("add -A");
  git_in("commit -q -m 'add a nickname'");

  TestDatabase production;
  std::map<std::string, std::string> env = git_env;
  env["PATH"] = fs::path(recon_binary()).parent_path().string() + ":" + std::getenv("PATH");
  env["GITHUB_BASE_REF"] = "main";
  env["GITHUB_STEP_SUMMARY"] = (home / "summary.md").string();
  env["GITHUB_PATH"] = (home / "path").string();
  const auto run_job = [&](const std::string& job) {
    const auto steps = run_steps(workflow, job, {{"RECON_DATABASE_URL", production.url()}});
    for (const auto& step : steps) {
      auto step_env = env;
      step_env.insert(step.env.begin(), step.env.end());
      const auto result = run_script(root, step_env, step.script);
      INFO("job " << job << ", step '" << step.name << "':\n" << result.output);
      if (result.status != 0) return std::make_pair(step.name, result.output);
    }
    return std::make_pair(std::string(), std::string());
  };

  SECTION("the pull request with its revision passes; the comment shows the new revision") {
    const auto [failed_step, output] = run_job("review");
    INFO(output);
    REQUIRE(failed_step.empty());
    const std::string comment = read_text(root / "recon-comment.md");
    CHECK_THAT(comment, Catch::Contains("#### `01_user_auth_todo` revision 0002 `add_nickname`"));
    CHECK_THAT(comment, Catch::Contains("+ column users.nickname"));
    CHECK_THAT(comment, Catch::Contains("<details>"));
    CHECK_THAT(comment, Catch::Contains("ALTER TABLE users ADD COLUMN nickname text;"));
    CHECK_THAT(comment, Catch::Contains("</details>"));
    CHECK_THAT(comment, !Catch::Contains("revision 0001 `initial`"));
    CHECK_THAT(comment, !Catch::Contains("00_personal_todo"));
    CHECK(read_text(home / "summary.md") == comment);
  }
  SECTION("a declaration change that is not planned fails the review at plan --check") {
    std::ofstream(root / "schemas" / "01_user_auth_todo.toml", std::ios::app)
        << "\n[[tables.users.columns]]\nname = \"bio\"\ntype = \"text\"\n";
    const auto [failed_step, output] = run_job("review");
    CHECK(failed_step == "Every declared change is planned");
    CHECK_THAT(output, Catch::Contains("+ column users.bio"));
  }
  SECTION("after the merge, the apply job applies the new revision") {
    git_in("checkout -q main");
    git_in("merge -q --ff-only add-nickname");
    const auto [failed_step, output] = run_job("apply");
    INFO(output);
    REQUIRE(failed_step.empty());
    CHECK(applied_count(production.conn(), "01_user_auth_todo") == 2);
    CHECK(applied_count(production.conn(), "00_personal_todo") == 1);
    CHECK(column_exists(production.conn(), "01_user_auth_todo", "users", "nickname"));
    // Run again (a re-run of the job): nothing to do.
    CHECK(run_job("apply").first.empty());
    CHECK(applied_count(production.conn(), "01_user_auth_todo") == 2);
  }
}
