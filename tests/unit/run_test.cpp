// The run layer beneath the stages: how steps are cut into batches and retried, and which steps
// act on the schema as a whole.

#include <catch2/catch.hpp>

#include <set>
#include <vector>

#include "run/batch.hpp"
#include "run/schema_steps.hpp"

using namespace recon;
using namespace recon::run;

TEST_CASE("consecutive steps are cut into batches by size and count", "[run]") {
  std::vector<Step> steps;
  for (int i = 0; i < 10; ++i)
    steps.push_back({"+ table t" + std::to_string(i),
                     "CREATE TABLE t" + std::to_string(i) + " (id int);",  // 25 bytes
                     {},
                     true});
  using Cut = std::vector<std::pair<std::size_t, std::size_t>>;
  const auto cut = [&](std::size_t first, std::size_t last, std::size_t bytes, std::size_t count) {
    Cut out;
    for (const auto& b : plan_batches(steps, first, last, "s", bytes, count))
      out.emplace_back(b.first, b.last);
    return out;
  };
  CHECK(cut(0, 10, kBatchBytes, kBatchSteps) == Cut{{0, 10}});
  CHECK(cut(2, 7, kBatchBytes, kBatchSteps) == Cut{{2, 7}});
  CHECK(cut(0, 0, kBatchBytes, kBatchSteps).empty());
  CHECK(cut(0, 10, kBatchBytes, 4) == Cut{{0, 4}, {4, 8}, {8, 10}});
  CHECK(cut(0, 10, 50, kBatchSteps) == Cut{{0, 2}, {2, 4}, {4, 6}, {6, 8}, {8, 10}});
  CHECK(cut(0, 3, 1, kBatchSteps) == Cut{{0, 1}, {1, 2}, {2, 3}});  // a large step goes alone

  // The schema's own CREATE SCHEMA IF NOT EXISTS is a batch of its own (apply looks first
  // whether the schema exists); another schema's is not.
  steps[0].sql = "CREATE SCHEMA IF NOT EXISTS s;";
  steps[4].sql = "CREATE SCHEMA IF NOT EXISTS \"S\";";
  CHECK(cut(0, 10, kBatchBytes, kBatchSteps) == Cut{{0, 1}, {1, 10}});
  CHECK(plan_batches(steps, 0, 10, "S").size() == 3);  // {0, 4}, {4, 5}, {5, 10}

  // Each step after its search path, and a ';' of its own: a trailing -- comment ends there.
  steps[1].sql = "SELECT 1 -- no semicolon";
  CHECK(batch_sql(steps, {1, 3}, "S") ==
        "SET LOCAL search_path TO \"S\";\nSELECT 1 -- no semicolon\n;\n"
        "SET LOCAL search_path TO \"S\";\nCREATE TABLE t2 (id int);\n;\n");
}

TEST_CASE("a rejected batch is run again a step at a time, once", "[run]") {
  std::vector<std::set<std::size_t>> attempts;
  retry_batches([&](const std::set<std::size_t>& one_by_one) {
    attempts.push_back(one_by_one);
    if (!one_by_one.contains(5)) throw BatchError({5, 9}, 20, "ERROR:  boom", false);
  });
  CHECK(attempts == std::vector<std::set<std::size_t>>{{}, {5}});

  // The connection lost: nothing to run again.
  attempts.clear();
  CHECK_THROWS_AS(retry_batches([&](const std::set<std::size_t>& one_by_one) {
                    attempts.push_back(one_by_one);
                    throw BatchError({0, 2}, 2, "server closed the connection", true);
                  }),
                  BatchError);
  CHECK(attempts.size() == 1);

  // A server that fails elsewhere each time: given up after kBatchAttempts.
  attempts.clear();
  std::size_t next = 0;
  CHECK_THROWS_WITH(
      retry_batches([&](const std::set<std::size_t>& one_by_one) {
        attempts.push_back(one_by_one);
        next += 10;
        throw BatchError({next, next + 10}, 100, "ERROR:  deadlock detected\n", false);
      }),
      "steps 31 to 40 of 100 (sent to the server together) failed: ERROR:  "
      "deadlock detected");
  CHECK(attempts.size() == kBatchAttempts);
}

TEST_CASE("steps on the schema itself and extensions are told from the others by summary",
          "[run]") {
  const auto scope = [](const std::string& summary) {
    return scope_of(Step{summary, "SELECT 1;", {}, true}, "app");
  };
  CHECK(scope("+ schema app") == StepScope::schema);
  CHECK(scope("~ schema app: comment") == StepScope::schema);
  CHECK(scope("+ extension pgcrypto") == StepScope::extension);
  CHECK(scope("+ schema app2") == StepScope::objects);  // another schema's
  CHECK(scope("+ table schema") == StepScope::objects);
  CHECK(scope("~ column app.t: set not null") == StepScope::objects);
}

TEST_CASE("a schema step is retargeted to another schema by its quoted name", "[run]") {
  const Step create{"+ schema app", "CREATE SCHEMA IF NOT EXISTS app;", {}, true};
  CHECK(retargeted(create, "app", "Tenant 1").sql == "CREATE SCHEMA IF NOT EXISTS \"Tenant 1\";");
  const Step comment{"~ schema app: comment", "COMMENT ON SCHEMA app IS 'app: the app';", {}, true};
  // The comment's text keeps the name: only the statement's target changes.
  CHECK(retargeted(comment, "app", "t2").sql == "COMMENT ON SCHEMA t2 IS 'app: the app';");
}

TEST_CASE("privileges on the schema and its default privileges follow a tenant's schema", "[run]") {
  const Step usage{
      "+ grant usage on schema to app_role", "GRANT USAGE ON SCHEMA app TO app_role;", {}, true};
  CHECK(scope_of(usage, "app") == StepScope::schema);
  CHECK(retargeted(usage, "app", "t1").sql == "GRANT USAGE ON SCHEMA t1 TO app_role;");
  const Step defaults{"+ default privilege select on new tables of owner to reporting",
                      "ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA app GRANT SELECT ON "
                      "TABLES TO reporting;",
                      {},
                      true};
  CHECK(scope_of(defaults, "app") == StepScope::schema);
  CHECK(retargeted(defaults, "app", "t1").sql ==
        "ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA t1 GRANT SELECT ON TABLES TO "
        "reporting;");
  const Step table{"+ grant select on orders to reporting",
                   "GRANT SELECT ON TABLE orders TO reporting;",
                   {},
                   true};
  CHECK(scope_of(table, "app") == StepScope::objects);
}
