#include "apply/next_steps.hpp"

#include "apply/records.hpp"

namespace recon::apply {
namespace {

// Data exceptions (22: a value does not cast or fit) and integrity violations (23: nulls, a
// duplicate, a missing referenced row, a check): the rows are at fault, not the schema.
bool rejected_rows(const std::string& sqlstate) {
  return sqlstate.starts_with("22") || sqlstate.starts_with("23");
}

}  // namespace

std::string after_failed_revision(const std::string& project, int number, const std::string& slug,
                                  const std::string& sqlstate) {
  const std::string name = revision_name(number, slug);
  std::string out =
      "What to do next:\n"
      "  - Fix the declaration (schemas/" +
      project + ") and plan the revision again: `recon plan " + project + " --replace` plans " +
      name +
      " anew from the revision before it and replaces the file. recon replaces a revision only "
      "while no database records it: it reads the version table of the database you point it "
      "at (--db, else RECON_DATABASE_URL, DATABASE_URL) and refuses if " +
      name +
      " is recorded there. It cannot see your other databases: if the file was merged and "
      "applied elsewhere, plan a new revision on top of it instead.";
  if (rejected_rows(sqlstate))
    out += "\n  - Or keep " + name +
           " and make the rows fit first: a backfill on this database (for example UPDATE the "
           "rows that hold the values PostgreSQL names above), then run recon apply again.";
  return out;
}

}  // namespace recon::apply
