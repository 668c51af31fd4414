// The run-on-start-up pattern of docs/startup.md. There is no Docker engine here: the compose
// file's structure is checked as parsed, and its `migrate` command is run by recon itself, from
// several processes at once, against a real PostgreSQL. (The --wait-lock replicas held at a
// gate are in apply_cli_test.cpp.)
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "support/apply_fixture.hpp"
#include "support/shell.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon::testing;
using nlohmann::json;

namespace {

json compose_file() {
  return yaml_as_json(read_text(source_root() / "docker-compose.yml"));
}

bool has(const json& list, const std::string& item) {
  for (const auto& i : list)
    if (i == item) return true;
  return false;
}

}  // namespace

TEST_CASE("docker-compose.yml: a migrate service runs recon apply once, the app waits for it",
          "[startup][cli]") {
  const json services = compose_file().at("services");
  REQUIRE(services.contains("migrate"));
  const json& migrate = services["migrate"];
  // recon is the image's entry point: the command is recon's arguments.
  CHECK_THAT(read_text(source_root() / "Dockerfile"), Catch::Contains("ENTRYPOINT [\"recon\"]"));
  REQUIRE(migrate.at("command").is_array());
  CHECK(migrate["command"][0] == "apply");
  bool waits = false;
  for (const auto& arg : migrate["command"])
    waits = waits || arg.get<std::string>().starts_with("--wait-lock");
  CHECK(waits);
  CHECK(migrate.at("depends_on").at("postgres").at("condition") == "service_healthy");
  // A one-shot job: restarted, a failing revision would be retried in a loop.
  CHECK(migrate.value("restart", "no") == "no");
  CHECK_THAT(migrate.at("environment").at("RECON_DATABASE_URL").get<std::string>(),
             Catch::Contains("@postgres:5432/"));
  CHECK(has(migrate.at("volumes"), "./schemas:/workspace/schemas:ro"));
  CHECK(has(migrate["volumes"], "./plans:/workspace/plans:ro"));
  CHECK(migrate.at("working_dir") == "/workspace");

  // Some service starts only once migrate has exited 0.
  std::vector<std::string> waiting;
  for (const auto& [name, service] : services.items()) {
    const json depends = service.value("depends_on", json::object());
    if (depends.is_object() && depends.contains("migrate") &&
        depends["migrate"].value("condition", "") == "service_completed_successfully")
      waiting.push_back(name);
  }
  CHECK(waiting == std::vector<std::string>{"app"});
  // `docker compose up -d` (just db-up) still starts PostgreSQL alone.
  CHECK_FALSE(services.at("postgres").contains("profiles"));
  CHECK(has(migrate.at("profiles"), "app"));
  CHECK(has(services.at("app").at("profiles"), "app"));
}

TEST_CASE("the migrate command, run by three replicas at once, applies each revision once",
          "[startup][cli]") {
  const json migrate = compose_file().at("services").at("migrate");
  std::vector<std::string> command = migrate.at("command").get<std::vector<std::string>>();
  // The workspace as the service mounts it: the example projects.
  TempWorkspace ws;
  copy_example_projects(ws.root());
  TestDatabase db;
  // The service's environment names the database; recon finds the workspace from its working
  // directory there, from --root here.
  ::setenv("RECON_DATABASE_URL", db.url().c_str(), 1);
  command.insert(command.end(), {"--root", ws.root().string()});
  std::vector<pid_t> replicas;
  for (int i = 0; i < 3; ++i)
    replicas.push_back(spawn_recon(command, ws.root() / ("out" + std::to_string(i)),
                                   ws.root() / ("err" + std::to_string(i))));
  ::unsetenv("RECON_DATABASE_URL");
  for (int i = 0; i < 3; ++i) {
    INFO("replica " << i << ": " << read_text(ws.root() / ("err" + std::to_string(i))));
    CHECK(wait_for(replicas[i]) == 0);
  }
  CHECK(applied_count(db.conn(), "00_personal_todo") == 1);
  CHECK(applied_count(db.conn(), "01_user_auth_todo") == 1);
  CHECK(relation_exists(db.conn(), "00_personal_todo", "todos"));
  // The workspace is mounted read-only: apply wrote nothing there.
  CHECK_FALSE(fs::exists(ws.root() / ".recon"));
}
