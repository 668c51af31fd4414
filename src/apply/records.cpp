#include "apply/records.hpp"

#include <algorithm>

#include "catalog/identifier.hpp"
#include "plan/revision_chain.hpp"

namespace recon::apply {

std::string revision_name(int number, const std::string& slug) {
  const std::string file = revision_file_name(number, slug);
  return file.substr(0, file.size() - 4);
}

std::filesystem::path revision_path(const Project& project, const Revision& revision) {
  if (!revision.file.empty()) return revision.file;
  return project.plans_dir / revision_file_name(revision.number, revision.slug);
}

Records check_records(const Project& project, std::vector<AppliedRevision> rows) {
  Records out;
  std::sort(rows.begin(), rows.end(),
            [](const AppliedRevision& a, const AppliedRevision& b) { return a.number < b.number; });
  out.rows = rows;

  // Files the chain found edited (content no longer matches their checksum line).
  std::vector<int> content_edited;
  for (const auto& problem : project.chain.problems)
    if (problem.kind == "edited")
      if (const auto parsed = parse_revision_file_name(problem.file.filename().string()))
        content_edited.push_back(parsed->first);

  int expected = 1;
  for (const auto& row : rows) {
    if (row.number != expected)
      out.inconsistent.push_back("the version table " + version_table_name(project.schema) +
                                 " records revision " + revision_name(row.number, row.slug) +
                                 " but not revision " + std::to_string(expected) +
                                 ": rows were deleted or added by hand");
    expected = row.number + 1;
    if (!row.done()) {
      if (out.partial)
        out.inconsistent.push_back("the version table " + version_table_name(project.schema) +
                                   " has more than one partially applied revision");
      out.partial = row;
    } else {
      if (out.partial)
        out.inconsistent.push_back("the version table " + version_table_name(project.schema) +
                                   " records revision " + revision_name(row.number, row.slug) +
                                   " as applied after the partially applied " +
                                   revision_name(out.partial->number, out.partial->slug));
      out.last_done = row.number;
      out.last = row;
    }
    const Revision* file = project.revision(row.number);
    if (file == nullptr) {
      out.missing.push_back(row);
      continue;
    }
    const bool changed =
        std::find(content_edited.begin(), content_edited.end(), row.number) != content_edited.end();
    if (file->checksum != row.checksum || file->slug != row.slug || changed) {
      EditedRevision edited;
      edited.number = row.number;
      edited.slug = row.slug;
      edited.file = revision_path(project, *file);
      edited.recorded_checksum = row.checksum;
      edited.file_checksum = file->checksum;
      edited.content_changed = changed;
      out.edited.push_back(std::move(edited));
    }
  }
  return out;
}

std::string Records::explain(const Project& project) const {
  std::string out;
  const auto add = [&](const std::string& paragraph) {
    out += (out.empty() ? "" : "\n") + paragraph;
  };
  for (const auto& e : edited) {
    const AppliedRevision* row = nullptr;
    for (const auto& r : rows)
      if (r.number == e.number) row = &r;
    add("revision " + revision_name(e.number, e.slug) + " was applied to this database" +
        (row ? " on " + row->applied_at + " by " + row->applied_by : std::string()) + ", but " +
        e.file.generic_string() + " was edited since: " +
        (e.content_changed ? std::string("its content no longer matches its checksum line")
                           : "its checksum is now " + e.file_checksum + ", the database recorded " +
                                 e.recorded_checksum) +
        ". Applied revisions are immutable: restore the file from git (`git log -p -- " +
        e.file.generic_string() + "`) and plan a new revision for further changes.");
  }
  for (const auto& m : missing)
    add("revision " + revision_name(m.number, m.slug) + " is recorded in " +
        version_table_name(project.schema) + " (applied " + m.applied_at + " by " + m.applied_by +
        "), but " + project.plans_dir.generic_string() +
        "/ has no file for it: this checkout is older than the database (pull), or the file "
        "was deleted (restore it from git).");
  for (const auto& i : inconsistent) add(i + ".");
  return out;
}

const Revision* unrecorded_revision_reaching(const Project& project, int last_done,
                                             const std::string& live) {
  const Revision* found = nullptr;
  for (const auto& r : project.chain.revisions)
    if (r.number > last_done && r.plan.target_fingerprint == live) found = &r;
  return found;
}

std::string baseline_advice(const Project& project, const Revision& reaching) {
  return "it is in the state revision " + revision_name(reaching.number, reaching.slug) +
         " reaches, which " + version_table_name(project.schema) +
         " does not record (was its SQL run outside recon?). Record it without running "
         "anything: `recon apply " +
         project.name + " --baseline " + std::to_string(reaching.number) + "`";
}

std::optional<std::string> take_in_refusal(const Project& project, const Records& records) {
  if (records.partial)
    return "revision " + revision_name(records.partial->number, records.partial->slug) +
           " is partially applied on this database: run `recon apply` to finish it, then plan "
           "again";
  const int head = project.head();
  if (records.last_done >= head) return std::nullopt;
  const Revision* next = project.revision(records.last_done + 1);
  const Revision* last = project.revision(head);
  const std::string pending = next == last
                                  ? revision_path(project, *next).generic_string()
                                  : revision_path(project, *next).generic_string() + " to " +
                                        revision_path(project, *last).generic_string();
  return "this database has " +
         (records.last
              ? "applied revisions up to " + revision_name(records.last->number, records.last->slug)
              : std::string("no revision of ") + project.name + " recorded") +
         ", and " + pending +
         " not: a revision that takes in what was changed on it outside recon comes after the "
         "last revision. Apply them first (`recon apply`); if apply refuses because of those "
         "changes and they are your own revisions, not applied anywhere yet, delete them, run "
         "`recon plan --db` again (it plans the take-in first, then your declared changes), "
         "and nothing is lost.";
}

std::string drift_message(const Project& project, const std::string& live,
                          const std::string& expected, const std::string& what,
                          const std::string& objects) {
  return "the live schema " + quote_ident(project.schema) + " differs from the state " + what +
         "; " + objects + "\n(fingerprints: live " + live + ", expected " + expected +
         ")\nSomething changed the schema outside recon (or the revisions were planned for "
         "another state). Undo those changes, or take them in: declare them and run `recon plan "
         "--db` against this database, which writes a revision that takes them in (recorded "
         "here without running it) before your declared changes.";
}

}  // namespace recon::apply
