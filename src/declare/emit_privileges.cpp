// [[grants]], [[revokes]] and [[default_privileges]] as `recon inspect` writes them: one entry
// per role and set of privileges, listing every object that role holds exactly those on, so
// that "reporting reads these tables" is one entry. Grants the default privileges promise are
// left out: declaring the default privileges declares them.
#include <map>
#include <set>
#include <tuple>

#include "catalog/ddl.hpp"
#include "catalog/privileges.hpp"
#include "declare/emit_writer.hpp"

namespace recon::declare {
namespace {

std::string role_text(const std::string& role) {
  return role == "PUBLIC" ? "public" : role;
}

std::vector<std::string> lowered(const std::set<std::string>& privileges) {
  std::vector<std::string> out;
  for (const auto& p : privileges) out.push_back(ddl::lower(p));
  return out;
}

// A function as a declaration names it: by name when it has no overload, else with the
// arguments its declaration is written with.
std::string function_text(const Catalog& catalog, const std::string& signature) {
  const auto found = catalog.routines.find(signature);
  if (found == catalog.routines.end()) return signature;
  const Routine& r = found->second;
  int overloads = 0;
  for (const auto& [key, other] : catalog.routines) overloads += other.name == r.name;
  return overloads == 1 ? r.name : r.name + "(" + r.arguments + ")";
}

// What one entry says: on which kind (and for columns, which table), to whom, what.
struct Entry {
  std::string on;
  std::string table;  // for column privileges
  std::string role;
  std::set<std::string> privileges;
  bool grantable = false;
  bool revoked = false;
  auto tied() const { return std::tie(on, table, role, privileges, grantable, revoked); }
  bool operator<(const Entry& other) const { return tied() < other.tied(); }
};

void write_entry(Writer& w, const Catalog& catalog, const Entry& e,
                 const std::vector<std::string>& objects) {
  w.header(e.revoked ? "[[revokes]]" : "[[grants]]");
  w.field("roles", string_array({role_text(e.role)}));
  w.field("privileges", string_array(lowered(e.privileges)));
  if (e.on == "schema") {
    w.field("schema", "true");
  } else if (!e.table.empty() && e.on == "table") {
    w.field("tables", string_array({e.table}));
    w.field("columns", string_array(objects));
  } else {
    std::vector<std::string> names;
    for (const auto& o : objects)
      names.push_back(e.on == "function" ? function_text(catalog, o) : o);
    w.field(e.on + "s", string_array(names));
  }
  w.flag("with_grant_option", e.grantable);
}

}  // namespace

void write_privileges(Writer& w, const Catalog& catalog) {
  if (!catalog.manages_privileges) return;
  const auto implied = implied_grants(catalog);
  const std::set<Grant> promised(implied.begin(), implied.end());
  // Each object's privileges per role, then objects grouped by what they hold.
  std::map<std::tuple<std::string, std::string, std::string, std::string, bool, bool>,
           std::set<std::string>>
      held;
  for (const auto& g : catalog.grants) {
    if (promised.count(g)) continue;
    held[{g.on, g.object, g.column, g.role, g.grantable, g.revoked}].insert(g.privilege);
  }
  std::map<Entry, std::vector<std::string>> entries;
  for (const auto& [key, privileges] : held) {
    const auto& [on, object, column, role, grantable, revoked] = key;
    Entry e{on, column.empty() ? "" : object, role, privileges, grantable, revoked};
    entries[e].push_back(column.empty() ? object : column);
  }
  for (const auto& [entry, objects] : entries) write_entry(w, catalog, entry, objects);
  for (const auto& d : catalog.default_privileges) {
    w.header("[[default_privileges]]");
    w.field("for_role", toml_string(d.for_role));
    w.field("on", toml_string(d.on));
    w.field("roles", string_array({role_text(d.role)}));
    w.field("privileges", string_array({ddl::lower(d.privilege)}));
    w.flag("with_grant_option", d.grantable);
  }
}

}  // namespace recon::declare
