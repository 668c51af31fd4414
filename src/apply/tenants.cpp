#include "apply/tenants.hpp"

#include <atomic>
#include <mutex>
#include <thread>

#include "apply/errors.hpp"
#include "apply/interrupt.hpp"
#include "apply/records.hpp"
#include "catalog/diagnostic.hpp"
#include "run/schema_steps.hpp"

namespace recon::apply {
namespace {

[[noreturn]] void refuse_request(const std::string& message) {
  throw InputError({Diagnostic{{}, message}});
}

std::vector<std::string> split_list(const std::string& spec) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    std::string name = spec.substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!name.empty()) out.push_back(std::move(name));
    start = comma + 1;
  }
  return out;
}

TenantOutcome apply_one(const std::string& url, const Project& project, const std::string& schema,
                        const Options& options) {
  TenantOutcome out;
  out.schema = schema;
  SilentProgress quiet;
  Options tenant_options = options;
  tenant_options.explain_drift = false;
  try {
    if (stop_requested())
      throw Interrupted(stop_signal(),
                        "interrupted before this schema was started: nothing "
                        "was changed");
    out.result = apply_project(url, for_tenant(project, schema), tenant_options, quiet);
  } catch (const Interrupted& e) {
    out.error = e.what();
    out.kind = 128 + e.signal();
  } catch (const Refused& e) {
    out.error = e.what();
    out.kind = 4;
  } catch (const InputError& e) {
    out.error = e.what();
    out.kind = 3;
  } catch (const std::exception& e) {
    out.error = e.what();
    out.kind = 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> resolve_tenants(pqxx::connection& conn, const std::string& spec) {
  if (spec.find('%') == std::string::npos) {
    auto names = split_list(spec);
    if (names.empty()) refuse_request("--schemas: no schema named in '" + spec + "'");
    return names;
  }
  pqxx::read_transaction txn(conn);
  std::vector<std::string> names;
  for (const auto& row :
       txn.exec_params("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 "
                       "AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' "
                       "ORDER BY nspname COLLATE \"C\"",
                       spec))
    names.push_back(row[0].as<std::string>());
  if (names.empty())
    refuse_request("--schemas '" + spec + "': no schema of the database matches this pattern");
  return names;
}

Project for_tenant(const Project& project, const std::string& schema) {
  Project tenant = project;
  tenant.schema = schema;
  if (schema == project.schema) return tenant;
  for (auto& revision : tenant.chain.revisions) {
    for (auto& step : revision.plan.steps) {
      switch (run::scope_of(step, project.schema)) {
        case run::StepScope::extension:
          refuse_request("revision " + revision_name(revision.number, revision.slug) +
                         " installs an extension (" + step.summary.substr(2) +
                         "), which exists once per database: " + project.name +
                         " cannot be applied to several schemas");
        case run::StepScope::schema:
          step = run::retargeted(std::move(step), project.schema, schema);
          break;
        case run::StepScope::objects:
          break;
      }
    }
  }
  return tenant;
}

std::vector<TenantOutcome> apply_tenants(const std::string& url, const Project& project,
                                         const std::vector<std::string>& schemas,
                                         const Options& options, int jobs,
                                         const std::function<void(const TenantOutcome&)>& report) {
  std::vector<TenantOutcome> outcomes(schemas.size());
  std::atomic<std::size_t> next{0};
  std::mutex reporting;
  const auto work = [&] {
    for (std::size_t i = next++; i < schemas.size(); i = next++) {
      outcomes[i] = apply_one(url, project, schemas[i], options);
      const std::lock_guard lock(reporting);
      if (report) report(outcomes[i]);
    }
  };
  std::vector<std::thread> workers;
  const int n = std::max(1, std::min<int>(jobs, static_cast<int>(schemas.size())));
  for (int k = 0; k < n; ++k) workers.emplace_back(work);
  for (auto& w : workers) w.join();
  return outcomes;
}

}  // namespace recon::apply
