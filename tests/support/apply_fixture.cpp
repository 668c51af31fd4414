#include "support/apply_fixture.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "apply/live_schema.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "plan/revision_chain.hpp"
#include "plan/revision_file.hpp"
#include "run/runner.hpp"

extern char** environ;

namespace recon::testing {
namespace fs = std::filesystem;

TempWorkspace::TempWorkspace() {
  std::string templ = (fs::temp_directory_path() / "recon-apply-test-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  root_ = templ;
  fs::create_directories(root_ / "schemas");
  fs::create_directories(root_ / "plans");
}

TempWorkspace::~TempWorkspace() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

Step make_step(std::string summary, std::string sql, std::vector<Hazard> hazards,
               bool transactional) {
  Step s;
  s.summary = std::move(summary);
  s.sql = std::move(sql);
  s.hazards = std::move(hazards);
  s.transactional = transactional;
  return s;
}

std::string live_fingerprint(pqxx::connection& conn, const std::string& schema) {
  return fingerprint(apply::introspect_live(conn, schema, {}));
}

ChainBuilder::ChainBuilder(const TempWorkspace& workspace, std::string project, std::string schema)
    : plans_dir_(workspace.plans_dir(project)),
      project_(std::move(project)),
      schema_(std::move(schema)) {}

const Revision& ChainBuilder::add(const std::string& slug, std::vector<Step> steps,
                                  const std::function<void(Revision&)>& tweak) {
  Revision r;
  r.number = static_cast<int>(revisions_.size()) + 1;
  r.slug = slug;
  if (!revisions_.empty()) {
    r.parent_number = revisions_.back().number;
    r.parent_checksum = revisions_.back().checksum;
  }
  r.recon_version = "0.1.0";
  r.plan.project = project_;
  r.plan.schema = schema_;
  r.plan.source_fingerprint = live_fingerprint(scratch_.conn(), schema_);
  // Steps that cannot run in a transaction run alone, in file order, as apply runs them.
  run::run_steps(scratch_.conn(), schema_, steps);
  r.plan.target_fingerprint = live_fingerprint(scratch_.conn(), schema_);
  r.plan.steps = std::move(steps);
  if (tweak) tweak(r);
  const std::string text = render_revision(r);
  r.checksum = compute_checksum(text);
  write_revision(plans_dir_, r);
  r.file = plans_dir_ / revision_file_name(r.number, r.slug);
  revisions_.push_back(std::move(r));
  return revisions_.back();
}

bool relation_exists(pqxx::connection& conn, const std::string& schema, const std::string& name) {
  pqxx::nontransaction txn(conn);
  return !txn.exec_params(
                 "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = "
                 "c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
                 schema, name)
              .empty();
}

int applied_count(pqxx::connection& conn, const std::string& schema) {
  if (!relation_exists(conn, schema, "recon_revisions")) return 0;
  pqxx::nontransaction txn(conn);
  return txn
      .exec("SELECT count(*) FROM " + qualified(schema, "recon_revisions") +
            " WHERE state <> 'partial'")[0][0]
      .as<int>();
}

apply::Result apply_now(const TempWorkspace& workspace, const TestDatabase& db,
                        const std::string& project, apply::Options options) {
  apply::SilentProgress progress;
  // Drift is explained on the test cluster rather than on a cluster of its own.
  if (!options.dev_url) options.dev_url = server_url();
  return apply::apply_project(db.url(), apply::load_project(workspace.root(), project), options,
                              progress);
}

bool column_exists(pqxx::connection& conn, const std::string& schema, const std::string& table,
                   const std::string& column) {
  pqxx::nontransaction txn(conn);
  return !txn.exec_params(
                 "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 "
                 "AND NOT attisdropped",
                 quote_ident(schema) + "." + quote_ident(table), column)
              .empty();
}

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

std::string recon_binary() {
  const char* env = std::getenv("RECON_BINARY");
  // A test that needs the binary fails without it rather than pass having run nothing.
  if (env == nullptr || *env == '\0')
    throw std::runtime_error(
        "RECON_BINARY is not set: it names the recon binary the CLI tests run (meson test sets "
        "it; by hand: RECON_BINARY=build/recon)");
  return env;
}

pid_t spawn_recon(const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
  const std::string binary = recon_binary();
  std::vector<std::string> argv_text{binary};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + binary);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ProcessResult run_recon(const std::vector<std::string>& args) {
  static std::atomic<int> counter{0};
  const auto base = fs::temp_directory_path() / ("recon-apply-test-" + std::to_string(getpid()) +
                                                 "-" + std::to_string(counter++));
  const auto out = fs::path(base.string() + ".out");
  const auto err = fs::path(base.string() + ".err");
  ProcessResult result;
  result.exit_code = wait_for(spawn_recon(args, out, err));
  result.out = read_text(out);
  result.err = read_text(err);
  std::error_code ec;
  fs::remove(out, ec);
  fs::remove(err, ec);
  return result;
}

void wait_for_sessions_to_end(pqxx::connection& conn, const std::string& prefix) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    pqxx::nontransaction txn(conn);
    const auto rows = txn.exec_params(
        "SELECT 1 FROM pg_stat_activity WHERE application_name LIKE $1 || '%' AND pid <> "
        "pg_backend_pid() AND datname = current_database()",
        prefix);
    if (rows.empty()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("sessions '" + prefix + "' did not end");
}

}  // namespace recon::testing
