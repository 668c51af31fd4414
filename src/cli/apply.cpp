// recon apply: bring each project's schema to its latest revision (or --to N).
#include <fmt/core.h>
#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "apply/apply.hpp"
#include "apply/connection.hpp"
#include "apply/duration.hpp"
#include "apply/hazard_gate.hpp"
#include "apply/interrupt.hpp"
#include "apply/tenants.hpp"
#include "apply/workspace.hpp"
#include "catalog/identifier.hpp"
#include "cli/commands.hpp"
#include "cli/database_errors.hpp"

namespace recon::cli {
namespace {

struct ApplyArgs {
  std::vector<std::string> projects;
  std::optional<int> to;
  std::optional<int> baseline;
  std::string allow_hazards;
  std::optional<std::string> lock_timeout;
  std::optional<int> lock_retries;
  std::optional<std::string> statement_timeout;
  std::optional<std::string> wait_lock;  // "" (given without a value): no limit
  bool dry_run = false;
  std::optional<std::string> schemas;  // tenants: a list or a LIKE pattern
  int jobs = 4;
};

std::chrono::milliseconds duration_flag(const std::string& flag, const std::string& text) {
  try {
    return apply::parse_duration(text);
  } catch (const std::invalid_argument& e) {
    throw CommandError{exit_code::invalid_input, flag + ": " + e.what()};
  }
}

apply::Options options_from(const ApplyArgs& a) {
  apply::Options o;
  o.to = a.to;
  o.baseline = a.baseline;
  o.dry_run = a.dry_run;
  if (a.lock_timeout) o.lock_timeout = duration_flag("--lock-timeout", *a.lock_timeout);
  if (a.lock_retries) {
    if (*a.lock_retries < 0)
      throw CommandError{exit_code::invalid_input, "--lock-retries must be 0 or more"};
    o.lock_retries = a.lock_retries;
  }
  if (a.statement_timeout)
    o.statement_timeout = duration_flag("--statement-timeout", *a.statement_timeout);
  if (a.wait_lock) {
    try {
      o.wait_lock =
          a.wait_lock->empty() ? apply::kWaitForever : apply::parse_duration(*a.wait_lock);
    } catch (const std::invalid_argument& e) {
      // `--wait-lock PROJECT` takes the project for the limit.
      throw CommandError{exit_code::invalid_input,
                         std::string("--wait-lock: ") + e.what() +
                             " (name the projects before --wait-lock, or write --wait-lock=10m)"};
    }
  }
  try {
    o.allowed_hazards = apply::parse_allowed_hazards(a.allow_hazards);
  } catch (const std::invalid_argument& e) {
    throw CommandError{exit_code::invalid_input, std::string("--allow-hazards: ") + e.what()};
  }
  return o;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

std::string describe(const apply::TenantOutcome& o) {
  if (!o.error.empty())
    return (o.kind == exit_code::refused           ? "refused: "
            : o.kind > exit_code::interrupted_base ? ""
                                                   : "failed: ") +
           first_line(o.error);
  if (o.result.applied.empty()) return "up to date at revision " + std::to_string(o.result.before);
  std::string list;
  for (int n : o.result.applied) list += (list.empty() ? "" : ", ") + fmt::format("{:04}", n);
  return "applied " + list;
}

// Schema per tenant: every schema --schemas names, --jobs at a time, each failure isolated and
// summarized at the end. The exit code is the worst outcome's.
int run_tenants(const Context& ctx, const ApplyArgs& args, const apply::Options& options,
                const apply::Project& project) {
  const std::string url = ctx.database_url();
  if (args.jobs < 1) throw CommandError{exit_code::invalid_input, "--jobs must be 1 or more"};
  const auto schemas = with_database_errors(url, [&] {
    auto conn = apply::connect(url, "recon apply " + project.name);
    return apply::resolve_tenants(*conn, *args.schemas);
  });
  apply::for_tenant(project, schemas.front());  // refuses a project that cannot serve tenants
  const apply::StopOnSignals stop_on_signals;
  const auto started = std::chrono::steady_clock::now();
  const auto outcomes = apply::apply_tenants(
      url, project, schemas, options, args.jobs, [&](const apply::TenantOutcome& o) {
        fmt::print("apply {} on {}: {}\n", project.name, quote_ident(o.schema),
                   pg::redact_in(describe(o), url));
        if (options.dry_run) fmt::print("{}", o.result.script);
        std::fflush(stdout);
      });
  int worst = exit_code::ok, applied = 0, current = 0;
  std::vector<const apply::TenantOutcome*> failed;
  for (const auto& o : outcomes) {
    if (!o.error.empty()) {
      failed.push_back(&o);
      if (worst != exit_code::error) worst = o.kind;
    } else {
      (o.result.applied.empty() ? current : applied) += 1;
    }
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  fmt::print("{} schemas in {}: {} applied, {} already up to date, {} failed\n", outcomes.size(),
             apply::format_duration(took), applied, current, failed.size());
  for (const auto* o : failed)
    fmt::print(stderr, "recon: {}: {}\n", quote_ident(o->schema), pg::redact_in(o->error, url));
  return worst;
}

int run_apply(const Context& ctx, const ApplyArgs& args) {
  const apply::Options options = options_from(args);
  if (options.to && options.baseline)
    throw CommandError{exit_code::invalid_input, "--to and --baseline cannot go together"};
  const auto projects = apply::select_projects(ctx.root(), args.projects);
  apply::require_valid_declarations(projects);
  if ((options.to || options.baseline) && projects.size() != 1)
    throw CommandError{exit_code::invalid_input,
                       std::string(options.to ? "--to" : "--baseline") +
                           " names a revision of one project: name that project"};
  if (args.schemas) {
    if (projects.size() != 1)
      throw CommandError{exit_code::invalid_input,
                         "--schemas applies one project to many schemas: name that project"};
    return run_tenants(ctx, args, options, projects.front());
  }
  const std::string url = ctx.database_url();
  const bool json = ctx.format() == Format::json;
  // Ctrl-C and SIGTERM cancel the statement under way and roll back (apply/interrupt.hpp).
  const apply::StopOnSignals stop_on_signals;
  // Progress goes to stdout unless stdout carries the result (the SQL of a dry run, JSON).
  std::FILE* progress_out = (options.dry_run || json) ? stderr : stdout;
  apply::ConsoleProgress progress(progress_out, isatty(fileno(progress_out)) == 1);

  nlohmann::json report = nlohmann::json::array();
  apply::Options project_options = options;
  project_options.dev_url = ctx.dev_url;
  for (const auto& project : projects) {
    const auto result = with_database_errors(
        url, [&] { return apply::apply_project(url, project, project_options, progress); });
    // A dry run goes on as if these revisions had run: the next projects are judged after them.
    if (options.dry_run && !result.applied.empty())
      project_options.dry_run_earlier.push_back({&project, result.applied.back()});
    if (options.dry_run && !json) {
      fmt::print("-- recon apply --dry-run: project {}, schema {}: {}\n", project.name,
                 quote_ident(project.schema),
                 result.applied.empty() ? "nothing to run"
                                        : "the SQL recon would send, in order "
                                          "(it also reads the catalogs and "
                                          "the version table)");
      fmt::print("{}", result.script);
    }
    report.push_back({{"project", project.name},
                      {"schema", project.schema},
                      {"before", result.before},
                      {options.baseline ? "recorded" : "applied", result.applied},
                      {"dry_run", options.dry_run}});
    if (json && options.dry_run) report.back()["sql"] = result.script;
  }
  if (json) fmt::print("{}\n", nlohmann::json{{"projects", report}}.dump(2));
  return exit_code::ok;
}

}  // namespace

void register_apply(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd =
      app.add_subcommand("apply",
                         "Apply pending revisions to a database, one transaction each, recorded in "
                         "\"<schema>\".recon_revisions");
  auto args = std::make_shared<ApplyArgs>();
  cmd->add_option("projects", args->projects,
                  "Projects to apply, in this order (default: every project, by name)");
  cmd->add_option("--to", args->to, "Stop at revision N (default: the last)");
  cmd->add_option("--baseline", args->baseline,
                  "Record revisions 1..N as applied without running them (the live schema "
                  "must be in the state revision N reaches)");
  cmd->add_option("--allow-hazards", args->allow_hazards,
                  "Hazards to accept, comma-separated (data-loss, ...; or all); data-loss and "
                  "widens-access are refused otherwise");
  cmd->add_option("--lock-timeout", args->lock_timeout,
                  "How long each step waits for its locks (the session's lock_timeout), and "
                  "how long to wait for another recon's lock on the schema (500ms, 5s, 2m; "
                  "default: the project's [apply] lock_timeout, else 5s)");
  cmd->add_option("--lock-retries", args->lock_retries,
                  "How many times a step whose lock wait timed out runs again, after 1s, 2s, "
                  "4s... (default: the project's [apply] lock_retries, else 4)");
  cmd->add_option("--wait-lock", args->wait_lock,
                  "Wait for another recon apply of the same schema to finish, then apply what "
                  "is left (nothing, when it applied everything) and exit 0: for replicas that "
                  "all apply on start-up. Alone: no limit; --wait-lock=10m: at most that long. "
                  "Without it, recon waits --lock-timeout, then refuses (exit 4)")
      ->expected(0, 1)
      ->type_name("[DURATION]");
  cmd->add_option("--statement-timeout", args->statement_timeout,
                  "statement_timeout for every statement (default: the server's)");
  cmd->add_flag("--dry-run", args->dry_run,
                "Print the SQL that would run, in order, and change nothing");
  cmd->add_option("--schemas", args->schemas,
                  "Schema per tenant: apply PROJECT to each of these schemas (a comma-separated "
                  "list, or a LIKE pattern such as 'tenant_%'), each with its own version table");
  cmd->add_option("--jobs", args->jobs, "With --schemas: how many schemas at once")
      ->capture_default_str();
  cmd->callback([&run, &ctx, args] { run = [&ctx, args] { return run_apply(ctx, *args); }; });
}

}  // namespace recon::cli
