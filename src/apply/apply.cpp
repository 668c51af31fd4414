#include "apply/apply.hpp"

#include <algorithm>

#include "apply/advisory_lock.hpp"
#include "apply/connection.hpp"
#include "apply/drift.hpp"
#include "apply/duration.hpp"
#include "apply/errors.hpp"
#include "apply/executor.hpp"
#include "apply/hazard_gate.hpp"
#include "apply/interrupt.hpp"
#include "apply/live_schema.hpp"
#include "apply/records.hpp"
#include "apply/references.hpp"
#include "apply/roles.hpp"
#include "apply/step_monitor.hpp"
#include "apply/version_table.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "plan/revision_file.hpp"

namespace recon::apply {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw InputError({Diagnostic{{}, message}});
}

// Revision files that do not verify, none of them applied: invalid input (exit 3). An applied
// revision edited since is refused instead (exit 4), by check_records.
[[noreturn]] void chain_problems(const Project& project) {
  std::vector<Diagnostic> out;
  out.push_back({{}, "the revisions of " + project.name + " do not verify, so none is applied"});
  for (const auto& problem : project.chain.problems) out.push_back({{}, problem.message});
  throw InputError(std::move(out));
}

std::string explain(const Project& project, int reached, const Catalog& live,
                    const Options& options) {
  if (!options.explain_drift) return "`recon status` shows the objects that differ.";
  pg::DevServer dev(options.dev_url);
  return describe(explain_drift(project, reached, live, dev));
}

std::string blocked_message(const Project& project, const std::vector<BlockedStep>& blocked) {
  std::set<std::string> kinds;
  std::string steps;
  for (const auto& b : blocked) {
    steps += "\n  " + revision_name(b.revision, b.revision_slug) + " step " +
             std::to_string(b.step) + "/" + std::to_string(b.steps) + ": " + b.summary;
    for (const auto& h : b.hazards) {
      steps += "\n      " + h.kind + ": " + h.reason;
      kinds.insert(h.kind);
    }
  }
  std::string list;
  for (const auto& k : kinds) list += (list.empty() ? "" : ",") + k;
  return "the pending revisions of " + project.name + " have steps with hazards that must be " +
         "allowed by name:" + steps + "\nReview them, then run again with --allow-hazards " + list +
         " to apply them.";
}

std::chrono::milliseconds lock_timeout(const Project& project, const Options& options) {
  return options.lock_timeout.value_or(project.lock_timeout.value_or(kDefaultLockTimeout));
}

// How long to wait for another recon's lock on the schema.
std::chrono::milliseconds schema_lock_wait(const Project& project, const Options& options) {
  return options.wait_lock.value_or(lock_timeout(project, options));
}

std::string wait_text(std::chrono::milliseconds wait) {
  return wait == kWaitForever ? "until it is free (--wait-lock)" : "up to " + format_duration(wait);
}

int lock_retries(const Project& project, const Options& options) {
  return options.lock_retries.value_or(project.lock_retries.value_or(kDefaultLockRetries));
}

class ProjectApply {
 public:
  ProjectApply(const std::string& url, const Project& project, const Options& options,
               Progress& progress)
      : url_(url), p_(project), o_(options), progress_(progress) {}

  Result run() {
    try {
      return run_checked();
    } catch (const Interrupted& e) {
      if (!std::string_view(e.what()).starts_with("interrupted: revision")) throw;
      throw Interrupted(e.signal(), e.what() + applied_before());
    } catch (const std::exception&) {
      // A statement of recon's own was cancelled (reading the catalogs...), or the wait for the
      // lock stopped: no revision was under way.
      if (!stop_requested()) throw;
      throw Interrupted(stop_signal(), "interrupted: no revision of " + p_.name + " was under way" +
                                           (result_.applied.empty() ? "; nothing was changed."
                                                                    : "." + applied_before()));
    }
  }

 private:
  // " Revisions 1, 2, applied before in this run, stay applied.", or "" when none.
  std::string applied_before() const {
    if (result_.applied.empty()) return "";
    std::string list;
    for (int n : result_.applied) list += (list.empty() ? "" : ", ") + std::to_string(n);
    return " Revisions " + list + ", applied before in this run, stay applied.";
  }

  Result run_checked() {
    const int head = p_.head();
    if (!p_.chain.ok() && (head == 0 || p_.schema.empty())) chain_problems(p_);
    if (head == 0 || p_.schema.empty()) {
      progress_.note("apply " + p_.name + ": no revisions in " + p_.plans_dir.generic_string() +
                     "/: nothing to apply (run `recon plan` first)");
      return {};
    }
    if (o_.to && (*o_.to < 0 || *o_.to > head))
      invalid("--to " + std::to_string(*o_.to) + ": " + p_.name + " has revisions 1 to " +
              std::to_string(head));
    if (o_.baseline && (*o_.baseline < 1 || *o_.baseline > head))
      invalid("--baseline " + std::to_string(*o_.baseline) + ": " + p_.name +
              " has revisions 1 to " + std::to_string(head));
    for (const auto& note : p_.notes) progress_.note("apply " + p_.name + ": note: " + note);

    conn_ = connect(url_, "recon apply " + p_.name);
    const CancelOnStop cancel_on_stop(*conn_);
    {
      pqxx::nontransaction txn(*conn_);
      for (const auto& sql : session_settings_sql(p_, o_, conn_->server_version())) {
        txn.exec(sql);
        script(sql);
      }
    }
    std::optional<AdvisoryLock> lock;
    if (o_.dry_run) {
      script(AdvisoryLock::try_lock_sql(p_.schema));
    } else {
      lock.emplace(*conn_, p_.schema, schema_lock_wait(p_, o_),
                   [&](const std::optional<Session>& holder) {
                     progress_.note("apply " + p_.name + ": waiting for the lock on schema " +
                                    quote_ident(p_.schema) + ", held by " +
                                    (holder ? holder->describe() : "another session") + " (" +
                                    wait_text(schema_lock_wait(p_, o_)) + ")");
                   });
    }

    // Read only once the lock is held: whatever another recon applied is seen.
    std::vector<AppliedRevision> rows;
    bool table_exists = false;
    {
      pqxx::read_transaction txn(*conn_);
      table_exists = version_table_exists(txn, p_.schema);
      rows = read_version_table(txn, p_.schema);
    }
    const Records records = check_records(p_, std::move(rows));
    if (!records.ok()) throw Refused(records.explain(p_));
    if (!p_.chain.ok()) chain_problems(p_);
    result_.before = records.last_done;

    if (o_.baseline) {
      baseline(records, table_exists);
    } else {
      apply_pending(records, table_exists, head);
    }
    if (o_.dry_run)
      script("SELECT pg_advisory_unlock(" + std::to_string(lock_key(p_.schema)) + ")");
    if (lock) lock->release();
    return std::move(result_);
  }

  void script(const std::string& sql) {
    if (!o_.dry_run) return;
    result_.script += sql;
    if (sql.empty() || sql.back() != '\n') result_.script += ";\n";
  }

  void baseline(const Records& records, bool table_exists) {
    const int n = *o_.baseline;
    if (records.partial)
      throw Refused("revision " + revision_name(records.partial->number, records.partial->slug) +
                    " is partially applied: run recon apply to finish it before --baseline");
    if (n <= records.last_done)
      throw Refused("--baseline " + std::to_string(n) + ": revisions up to " +
                    revision_name(records.last->number, records.last->slug) +
                    " are already recorded in " + version_table_name(p_.schema));
    const Revision& r = *p_.revision(n);
    const Catalog live_catalog = introspect_live(*conn_, p_.schema, p_.introspection);
    const std::string live = fingerprint(live_catalog);
    if (live != r.plan.target_fingerprint)
      throw Refused("--baseline " + std::to_string(n) + ": the live schema " +
                    quote_ident(p_.schema) + " is not in the state revision " +
                    revision_name(r.number, r.slug) + " reaches (its fingerprint is " + live +
                    ", the revision's target is " + r.plan.target_fingerprint + "); compared " +
                    "with that state, the live schema has " + explain(p_, n, live_catalog, o_) +
                    "\nNothing was recorded.");
    std::vector<const Revision*> recorded;
    for (int k = records.last_done + 1; k <= n; ++k) recorded.push_back(p_.revision(k));
    if (!record_unrun(recorded, table_exists, "recon baseline")) return;
    progress_.note("apply " + p_.name + ": recorded revisions " +
                   revision_name(records.last_done + 1, p_.revision(records.last_done + 1)->slug) +
                   " to " + revision_name(r.number, r.slug) + " as applied (baseline) in " +
                   version_table_name(p_.schema) + "; nothing was run");
  }

  void apply_pending(const Records& records, bool table_exists, int head) {
    const int target = o_.to.value_or(head);
    if (target < records.last_done)
      throw Refused(
          "--to " + std::to_string(target) + ": revision " +
          revision_name(records.last->number, records.last->slug) +
          " is applied already, and recon never runs revisions backwards: `recon revert " +
          p_.name + " --to " + std::to_string(target) +
          "` plans a new revision that goes back to the state revision " + std::to_string(target) +
          " reaches; review it, commit it and apply it");
    if (target == records.last_done) {
      progress_.note("apply " + p_.name + ": up to date at " +
                     (records.last ? revision_name(records.last->number, records.last->slug)
                                   : std::string("no revision")) +
                     (records.partial
                          ? " (revision " +
                                revision_name(records.partial->number, records.partial->slug) +
                                " is partially applied)"
                          : std::string()));
      warn_if_drifted(records);
      return;
    }

    std::vector<const Revision*> pending;
    for (int k = records.last_done + 1; k <= target; ++k) pending.push_back(p_.revision(k));
    const Revision& first = *pending.front();
    if (records.last && (first.parent_number != records.last->number ||
                         first.parent_checksum != records.last->checksum))
      throw Refused(
          "revision " + revision_name(first.number, first.slug) + " was planned from " +
          (first.parent_number == 0 ? std::string("nothing") : "parent " + first.parent_checksum) +
          ", but the last revision applied here is " +
          revision_name(records.last->number, records.last->slug) + " (" + records.last->checksum +
          ")");

    // A revision that took in changes made outside recon, on the database it was planned from
    // (or any other already in its target state): recorded, not run.
    const bool present = taken_in_already(records, first);
    const std::vector<const Revision*> to_run(pending.begin() + (present ? 1 : 0), pending.end());
    std::vector<BlockedStep> blocked;
    for (const Revision* r : to_run) {
      auto more = blocked_steps(*r, o_.allowed_hazards);
      blocked.insert(blocked.end(), more.begin(), more.end());
    }
    if (!blocked.empty()) throw Refused(blocked_message(p_, blocked));
    if (auto missing = unsatisfied(to_run)) throw Refused(*missing);
    if (auto missing = missing_roles(*conn_, p_.name, to_run)) throw Refused(*missing);

    progress_.note("apply " + p_.name + ": " + std::to_string(pending.size()) + " pending " +
                   (pending.size() == 1 ? "revision" : "revisions") + " (" +
                   revision_name(first.number, first.slug) +
                   (pending.size() > 1
                        ? " to " + revision_name(pending.back()->number, pending.back()->slug)
                        : std::string()) +
                   ") on schema " + quote_ident(p_.schema) + (o_.dry_run ? ", dry run" : ""));

    // The fingerprint the last revision run here was checked to reach, inside the transaction
    // that recorded it (the lock is still held): the next revision's source check need not
    // introspect the schema again.
    std::optional<std::string> reached;
    if (present) {
      record_taken_in(first, table_exists);
      table_exists = true;
      reached = first.plan.target_fingerprint;
    }
    // Watches the steps from a second connection (progress, lock waits), from now on.
    std::optional<StepMonitor> monitor;
    if (!o_.dry_run && !to_run.empty())
      monitor.emplace(url_, "recon apply " + p_.name + " (monitor)", conn_->backendpid());
    bool first_revision = true;
    for (const Revision* r : to_run) {
      RevisionRun run;
      run.project = p_.name;
      run.schema = p_.schema;
      run.introspection = p_.introspection;
      run.revision = r;
      run.version_table_exists = table_exists;
      run.lock_timeout = lock_timeout(p_, o_);
      run.lock_retries = lock_retries(p_, o_);
      if (monitor) run.monitor = &*monitor;
      if (records.partial && records.partial->number == r->number) {
        run.partial = records.partial;
        if (records.partial->checksum != r->checksum)
          throw Refused("revision " + revision_name(r->number, r->slug) +
                        " was partially applied from a different file (checksum " +
                        records.partial->checksum + ", the file's is " + r->checksum +
                        "): restore the file it was applied from, run recon apply to finish it");
      } else if (reached && *reached == r->plan.source_fingerprint) {
        // Just checked: the previous revision's last transaction found the schema there.
      } else if (!o_.dry_run || first_revision) {
        // A dry run cannot check the later revisions: their source is what the earlier reach.
        check_source(records, *r);
      }
      first_revision = false;
      if (o_.dry_run) {
        result_.script += revision_script(run);
      } else {
        execute_revision(*conn_, run, progress_);
        reached = r->plan.target_fingerprint;
      }
      table_exists = true;
      result_.applied.push_back(r->number);
    }
  }

  // Foreign keys into other schemas: judged on the live database, except those into the
  // schemas of projects this dry run applies before (their pending revisions have not run).
  std::optional<std::string> unsatisfied(const std::vector<const Revision*>& pending) {
    std::vector<CrossReference> live, after_earlier;
    for (auto& ref : cross_references(p_, pending))
      (simulated(o_.dry_run_earlier, ref.schema) ? after_earlier : live).push_back(std::move(ref));
    if (auto missing = unsatisfied_reference(*conn_, p_, live)) return missing;
    return unsatisfied_after(o_.dry_run_earlier, p_, after_earlier, o_.dev_url);
  }

  // A revision planned from a database to take in changes made outside recon, the next to
  // apply, and the live schema already in the state it reaches.
  bool taken_in_already(const Records& records, const Revision& r) {
    if (r.planned_from != PlanSource::database) return false;
    if (records.partial && records.partial->number == r.number) return false;
    return fingerprint(introspect_live(*conn_, p_.schema, p_.introspection)) ==
           r.plan.target_fingerprint;
  }

  // Records `revisions` as baseline rows (never run here), in one transaction; with --dry-run
  // only into the script (returns false then).
  bool record_unrun(const std::vector<const Revision*>& revisions, bool table_exists,
                    const std::string& transaction_name) {
    std::vector<std::string> statements;
    if (!table_exists) statements = create_version_table_sql(p_.schema);
    for (const Revision* r : revisions) {
      statements.push_back(insert_done_sql(p_.schema, *r, row_state::baseline));
      result_.applied.push_back(r->number);
    }
    if (o_.dry_run) {
      script("BEGIN");
      for (const auto& sql : statements) script(sql);
      script("COMMIT");
      return false;
    }
    pqxx::work txn(*conn_, transaction_name);
    for (const auto& sql : statements) txn.exec(sql);
    txn.commit();
    return true;
  }

  void record_taken_in(const Revision& r, bool table_exists) {
    const std::string what = "revision " + revision_name(r.number, r.slug) +
                             " takes in changes made outside recon, and the live schema " +
                             quote_ident(p_.schema) + " is already in the state it reaches";
    if (o_.dry_run) script("-- " + what + ": recorded without running its steps\n");
    if (!record_unrun({&r}, table_exists, "recon take in")) return;
    progress_.note("apply " + p_.name + ": " + what + ": recorded it in " +
                   version_table_name(p_.schema) + " without running its steps");
  }

  // Nothing to run, so nothing to refuse; but a drifted schema will refuse the next revision,
  // and the sooner people hear of it the better.
  void warn_if_drifted(const Records& records) {
    if (!records.last || records.partial || o_.dry_run) return;
    const std::string live = fingerprint(introspect_live(*conn_, p_.schema, p_.introspection));
    if (live == records.last->target_fingerprint) return;
    progress_.note("apply " + p_.name + ": warning: the live schema " + quote_ident(p_.schema) +
                   " differs from the state " +
                   revision_name(records.last->number, records.last->slug) +
                   " reached: something changed it outside recon (`recon status` shows what)");
  }

  void check_source(const Records& records, const Revision& r) {
    const Catalog live_catalog = introspect_live(*conn_, p_.schema, p_.introspection);
    const std::string live = fingerprint(live_catalog);
    if (live == r.plan.source_fingerprint) return;
    const Revision* parent = p_.revision(r.number - 1);
    std::string what =
        "revision " + revision_name(r.number, r.slug) + " expects, " +
        (parent ? "the one " + revision_name(parent->number, parent->slug) + " reached"
                : std::string("the one before any revision"));
    // A schema already in a later revision's state (brought there by other means) needs
    // --baseline, not a list of every object it has.
    if (const Revision* match = unrecorded_revision_reaching(p_, records.last_done, live))
      throw Refused("the live schema " + quote_ident(p_.schema) + " differs from the state " +
                    what + "; " + baseline_advice(p_, *match) + ".\n(fingerprints: live " + live +
                    ", expected " + r.plan.source_fingerprint + ")\nNothing was changed.");
    const std::string objects = explain(p_, r.number - 1, live_catalog, o_);
    throw Refused(drift_message(p_, live, r.plan.source_fingerprint, what, objects) +
                  " Nothing was changed.");
  }

  const std::string& url_;
  const Project& p_;
  const Options& o_;
  Progress& progress_;
  std::unique_ptr<pqxx::connection> conn_;
  Result result_;
};

}  // namespace

std::vector<std::string> session_settings_sql(const Project& project, const Options& options,
                                              int server_version) {
  std::vector<std::string> out;
  out.push_back(application_name_sql("recon apply " + project.name));
  out.push_back("SET lock_timeout TO " +
                quote_literal(std::to_string(lock_timeout(project, options).count()) + "ms"));
  if (server_version >= 140000) out.push_back("SET client_connection_check_interval TO '1s'");
  if (options.statement_timeout)
    out.push_back("SET statement_timeout TO " +
                  quote_literal(std::to_string(options.statement_timeout->count()) + "ms"));
  return out;
}

Result apply_project(const std::string& url, const Project& project, const Options& options,
                     Progress& progress) {
  return ProjectApply(url, project, options, progress).run();
}

}  // namespace recon::apply
