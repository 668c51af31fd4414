#include "apply/status.hpp"

#include "apply/hazard_gate.hpp"
#include "apply/live_schema.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"

namespace recon::apply {

bool ProjectStatus::up_to_date() const {
  return pending.empty() && !partial && !drift && data_drift.changes.empty() && edited.empty() &&
         missing.empty() && inconsistent.empty() && problems.empty() &&
         (!unplanned || unplanned->empty());
}

namespace {

bool has_objects(const Catalog& c) {
  return !c.tables.empty() || !c.views.empty() || !c.sequences.empty() || !c.enums.empty() ||
         !c.domains.empty() || !c.composites.empty() || !c.ranges.empty();
}

std::string baseline_hint(const Project& project, const Records& records, const Catalog& live,
                          const std::string& live_fingerprint) {
  if (records.partial) return "";
  if (const Revision* match =
          unrecorded_revision_reaching(project, records.last_done, live_fingerprint))
    return baseline_advice(project, *match);
  if (records.last || !has_objects(live)) return "";
  const Revision* first = project.revision(1);
  if (first && first->plan.source_fingerprint == live_fingerprint) return "";
  // Before adoption: the objects were made by another tool, not drift from a revision.
  return "no revision is recorded, and the schema already holds objects: to adopt it, declare "
         "them (`recon inspect`), plan revision 1, then record it without running it with "
         "`recon apply " +
         project.name + " --baseline 1` (docs/adopting.md)";
}

}  // namespace

ProjectStatus project_status(pqxx::connection& conn, const Project& project,
                             const StatusOptions& options) {
  ProjectStatus s;
  s.project = project.name;
  s.schema = project.schema;
  s.head = project.head();
  s.notes = project.notes;
  for (const auto& problem : project.chain.problems) s.problems.push_back(problem.message);
  if (options.unplanned) {
    try {
      s.unplanned = options.unplanned(project);
    } catch (const std::exception& e) {
      s.notes.push_back("the changes not yet planned are not known: " + std::string(e.what()));
    }
  }
  if (project.schema.empty()) return s;

  std::vector<AppliedRevision> rows;
  {
    pqxx::read_transaction txn(conn);
    s.version_table = version_table_exists(txn, project.schema);
    rows = read_version_table(txn, project.schema);
  }
  const Records records = check_records(project, std::move(rows));
  s.last_applied = records.last;
  s.partial = records.partial;
  s.edited = records.edited;
  s.missing = records.missing;
  s.inconsistent = records.inconsistent;

  for (const auto& r : project.chain.revisions) {
    if (r.number <= records.last_done) continue;
    s.pending.push_back({r.number, r.slug, r.plan.steps.size(), hazard_kinds(r)});
  }

  const Catalog live = introspect_live(conn, project.schema, project.introspection);
  s.live_fingerprint = fingerprint(live);
  if (records.last) {
    s.expected_fingerprint = records.last->target_fingerprint;
    s.expected_from = revision_name(records.last->number, records.last->slug) + " target";
  } else if (const Revision* first = project.revision(1)) {
    s.expected_fingerprint = first->plan.source_fingerprint;
    s.expected_from = revision_name(first->number, first->slug) + " source";
  }
  // A partially applied revision is between states: its drift cannot be judged.
  s.drift = !records.partial && !s.expected_fingerprint.empty() &&
            s.live_fingerprint != s.expected_fingerprint;
  // The changes made outside recon are taken in by the next revision: apply records it.
  const Revision* next = project.revision(records.last_done + 1);
  if (s.drift && next && next->planned_from == PlanSource::database &&
      next->plan.target_fingerprint == s.live_fingerprint) {
    s.drift = false;
    s.notes.push_back("revision " + revision_name(next->number, next->slug) +
                      " takes in the changes made to the schema outside recon: `recon apply` "
                      "records it here without running its steps");
  }
  s.baseline_hint = baseline_hint(project, records, live, s.live_fingerprint);
  if (s.drift && options.dev)
    s.drift_detail = explain_drift(project, records.last_done, live, *options.dev);
  else if (s.drift)
    s.drift_detail.unavailable = "no dev server to rebuild the expected state on";
  if (options.dev && !records.partial)
    s.data_drift = explain_data_drift(conn, project, records.last_done, *options.dev);
  return s;
}

nlohmann::json to_json(const AppliedRevision& row) {
  return {
      {"number", row.number},
      {"slug", row.slug},
      {"checksum", row.checksum},
      {"source_fingerprint", row.source_fingerprint},
      {"target_fingerprint", row.target_fingerprint},
      {"applied_at", row.applied_at},
      {"applied_by", row.applied_by},
      {"duration_ms", row.duration_ms ? nlohmann::json(*row.duration_ms) : nlohmann::json()},
      {"recon_version", row.recon_version},
      {"state", row.state},
      {"steps_done", row.steps_done},
  };
}

nlohmann::json to_json(const ProjectStatus& s) {
  nlohmann::json pending = nlohmann::json::array();
  for (const auto& p : s.pending)
    pending.push_back(
        {{"number", p.number}, {"slug", p.slug}, {"steps", p.steps}, {"hazards", p.hazards}});
  nlohmann::json edited = nlohmann::json::array();
  for (const auto& e : s.edited)
    edited.push_back({{"number", e.number},
                      {"slug", e.slug},
                      {"file", e.file.generic_string()},
                      {"recorded_checksum", e.recorded_checksum},
                      {"file_checksum", e.file_checksum},
                      {"content_changed", e.content_changed}});
  nlohmann::json missing = nlohmann::json::array();
  for (const auto& m : s.missing) missing.push_back(to_json(m));
  nlohmann::json drift;
  if (s.drift)
    drift = {{"expected", s.expected_fingerprint},
             {"expected_from", s.expected_from},
             {"live", s.live_fingerprint},
             {"changes", s.drift_detail.unavailable.empty() ? nlohmann::json(s.drift_detail.changes)
                                                            : nlohmann::json()},
             {"unavailable", s.drift_detail.unavailable}};
  return {
      {"project", s.project},
      {"schema", s.schema},
      {"head", s.head},
      {"version_table", s.version_table},
      {"last_applied", s.last_applied ? to_json(*s.last_applied) : nlohmann::json()},
      {"partial", s.partial ? to_json(*s.partial) : nlohmann::json()},
      {"pending", pending},
      {"live_fingerprint", s.live_fingerprint},
      {"drift", drift},
      {"data_drift", s.data_drift.unavailable.empty()
                         ? nlohmann::json(s.data_drift.changes)
                         : nlohmann::json{{"unavailable", s.data_drift.unavailable}}},
      {"baseline_hint", s.baseline_hint},
      {"edited", edited},
      {"missing", missing},
      {"inconsistent", s.inconsistent},
      {"problems", s.problems},
      {"notes", s.notes},
      {"unplanned", s.unplanned ? nlohmann::json(*s.unplanned) : nlohmann::json()},
      {"up_to_date", s.up_to_date()},
  };
}

std::string to_text(const ProjectStatus& s) {
  std::string out =
      s.project + " (schema " + (s.schema.empty() ? "unknown" : quote_ident(s.schema)) + ")\n";
  const auto line = [&](const std::string& text) { out += "  " + text + "\n"; };
  if (s.last_applied) {
    const auto& l = *s.last_applied;
    line("applied:  " + revision_name(l.number, l.slug) + " on " + l.applied_at + " by " +
         l.applied_by + (l.state == row_state::baseline ? " (baseline)" : ""));
  } else {
    line("applied:  none");
  }
  if (s.partial)
    line("interrupted: " + revision_name(s.partial->number, s.partial->slug) + " after step " +
         std::to_string(s.partial->steps_done) + " (run recon apply to resume it)");
  if (s.pending.empty()) {
    line("pending:  none");
  } else {
    line("pending:  " + std::to_string(s.pending.size()) +
         (s.pending.size() == 1 ? " revision" : " revisions"));
    for (const auto& p : s.pending) {
      std::string hazards;
      for (const auto& h : p.hazards) hazards += (hazards.empty() ? "" : ", ") + h;
      line("  " + revision_name(p.number, p.slug) + " (" + std::to_string(p.steps) +
           (p.steps == 1 ? " step" : " steps") + ")" +
           (hazards.empty() ? std::string() : "  [" + hazards + "]"));
    }
  }
  if (s.drift) {
    line("drift:    the live schema differs from the state of " + s.expected_from);
    line("          live     " + s.live_fingerprint);
    line("          expected " + s.expected_fingerprint);
    if (!s.drift_detail.unavailable.empty()) {
      line("          (the objects are not shown: " + s.drift_detail.unavailable + ")");
    } else if (!s.drift_detail.changes.empty()) {
      line("          changed outside recon:");
      for (const auto& change : s.drift_detail.changes) line("            " + change);
    }
  } else if (!s.expected_fingerprint.empty() && !s.partial) {
    line("drift:    none");
  }
  if (!s.data_drift.changes.empty()) {
    line(
        "data drift: declared rows changed outside recon (to keep a change, declare it and plan; "
        "to undo it, restore the row by hand):");
    for (const auto& change : s.data_drift.changes) line("            " + change);
  }
  if (!s.data_drift.unavailable.empty()) line("data drift: not known: " + s.data_drift.unavailable);
  if (!s.baseline_hint.empty()) line("hint:     " + s.baseline_hint);
  for (const auto& e : s.edited)
    line("edited:   " + revision_name(e.number, e.slug) + " was applied, and " +
         e.file.generic_string() + " changed since" +
         (e.content_changed
              ? " (its content does not match its checksum)"
              : " (recorded " + e.recorded_checksum + ", file " + e.file_checksum + ")"));
  for (const auto& m : s.missing)
    line("missing:  " + revision_name(m.number, m.slug) + " is applied, but its file is gone");
  for (const auto& i : s.inconsistent) line("problem:  " + i);
  for (const auto& p : s.problems) line("problem:  " + p);
  for (const auto& n : s.notes) line("note:     " + n);
  if (s.unplanned) {
    if (s.unplanned->empty()) {
      line("unplanned: none");
    } else {
      line("unplanned: the declaration has changes no revision plans yet (run recon plan):");
      for (const auto& c : *s.unplanned) line("  " + c);
    }
  }
  line(s.up_to_date() ? "status:   up to date" : "status:   not up to date");
  return out;
}

}  // namespace recon::apply
