// [[grants]], [[revokes]] and [[default_privileges]]: who may do what in the schema. Each entry
// reads as a sentence ("grant select on tables orders, customers to reporting") and stands for
// one Grant per role, privilege and object. Declaring any of them (even `grants = []`) makes
// the project govern privileges: what is not declared is revoked.
#include <algorithm>

#include "catalog/ddl.hpp"
#include "catalog/privileges.hpp"
#include "declare/keys.hpp"
#include "declare/read.hpp"
#include "declare/type_spelling.hpp"

namespace recon::declare {
namespace {

// Where the objects of an entry are listed: the key, and the kind of object (Grant::on).
struct ObjectList {
  const char* key;
  const char* on;
};
constexpr ObjectList kObjectLists[] = {
    {"tables", "table"}, {"sequences", "sequence"}, {"functions", "function"}, {"types", "type"}};

std::string role_name(const std::string& text) {
  return normalize_keyword(text) == "public" ? "PUBLIC" : text;
}

std::vector<std::string> read_roles(const Fields& f) {
  std::vector<std::string> out;
  for (const auto& role : f.one_or_more("roles")) {
    if (role.value.empty())
      f.error(role.where, "a role name " + f.context() + " cannot be empty");
    else
      out.push_back(role_name(role.value));
  }
  if (out.empty() && !f.get("roles")) f.missing("roles");
  return out;
}

// The privileges named, in upper case; "all" stands for every privilege of the kind.
std::vector<std::string> read_privileges(const Fields& f, const std::string& on, bool column) {
  const auto& valid = privileges_of(on, column);
  std::vector<std::string> out;
  for (const auto& p : f.one_or_more("privileges")) {
    const std::string word = ddl::upper(normalize_keyword(p.value));
    if (word == "ALL" || word == "ALL PRIVILEGES") {
      out.insert(out.end(), valid.begin(), valid.end());
      continue;
    }
    if (std::find(valid.begin(), valid.end(), word) == valid.end()) {
      std::vector<std::string> lower;
      for (const auto& v : valid) lower.push_back(normalize_keyword(v));
      lower.emplace_back("all");
      f.error(p.where, "'" + p.value + "' is no privilege of a " + (column ? "column" : on) + " (" +
                           list_choices(lower) + ")");
      continue;
    }
    out.push_back(word);
  }
  if (out.empty() && !f.get("privileges")) f.missing("privileges");
  return out;
}

// The kind of object an entry is about, and its objects; the schema itself has none.
struct Objects {
  std::string on;
  std::vector<Located<std::string>> names;
};

std::optional<Objects> read_objects(const Fields& f, bool schema_allowed) {
  std::vector<Objects> found;
  if (schema_allowed && f.flag("schema").value_or(false)) found.push_back({"schema", {}});
  for (const auto& list : kObjectLists) {
    if (!f.get(list.key)) continue;
    found.push_back({list.on, f.one_or_more(list.key)});
  }
  if (found.size() == 1) return found.front();
  const std::string choices = schema_allowed
                                  ? "'schema = true', 'tables', 'sequences', 'functions' or 'types'"
                                  : "'functions' or 'types'";
  f.error(f.where(), found.empty() ? "say what " + f.context() + " is on: " + choices
                                   : f.context() + " names objects of more than one kind: " +
                                         "write one entry per kind (" + choices + ")");
  return std::nullopt;
}

void add_grants(const Fields& f, Catalog& out, bool revoked) {
  const auto objects = read_objects(f, !revoked);
  const auto roles = read_roles(f);
  if (!objects) return;
  std::vector<Located<std::string>> columns;
  if (f.get("columns")) {
    columns = f.one_or_more("columns");
    if (objects->on != "table" || objects->names.size() != 1)
      f.error(f.where("columns"),
              "'columns' " + f.context() + " goes with exactly one table in 'tables'");
  }
  const auto privileges = read_privileges(f, objects->on, !columns.empty());
  const bool grantable = f.flag("with_grant_option").value_or(false);
  std::vector<Located<std::string>> names = objects->names;
  if (objects->on == "schema") names.push_back({"", f.where()});
  std::vector<std::string> column_names;
  for (const auto& c : columns) column_names.push_back(c.value);
  if (column_names.empty()) column_names.emplace_back();
  for (const auto& name : names)
    for (const auto& column : column_names)
      for (const auto& role : roles)
        for (const auto& privilege : privileges) {
          Grant g;
          g.on = objects->on;
          g.object = name.value;
          g.column = column;
          g.role = role;
          g.privilege = privilege;
          g.grantable = grantable;
          g.revoked = revoked;
          g.where = name.value.empty() ? f.where() : name.where;
          out.grants.push_back(std::move(g));
        }
}

// [[revokes]] takes away only what Postgres gives PUBLIC by default: everything else is
// revoked by not declaring it.
void check_revoke(const Fields& f) {
  for (const auto& role : f.one_or_more("roles"))
    if (role_name(role.value) != "PUBLIC")
      f.error(role.where, f.context() +
                              " can only take PUBLIC's default privileges (EXECUTE on functions, "
                              "USAGE on types); to revoke what '" +
                              role.value + "' was granted, stop declaring the grant");
}

void add_default_privileges(const Fields& f, Catalog& out) {
  const auto on = f.choice("on", {"tables", "sequences", "functions", "types"});
  if (!on && !f.get("on")) f.missing("on");
  const auto for_role = f.located_text("for_role");
  if (!for_role && !f.get("for_role")) f.missing("for_role");
  const auto roles = read_roles(f);
  if (!on || !for_role) return;
  const auto privileges = read_privileges(f, object_kind_of(*on), false);
  const bool grantable = f.flag("with_grant_option").value_or(false);
  for (const auto& role : roles)
    for (const auto& privilege : privileges) {
      DefaultPrivilege d;
      d.for_role = for_role->value;
      d.on = *on;
      d.role = role;
      d.privilege = privilege;
      d.grantable = grantable;
      d.where = f.where();
      out.default_privileges.push_back(std::move(d));
    }
}

void for_each_entry(const Fields& top, std::string_view key, const std::string& kind,
                    const std::vector<std::string>& known,
                    const std::function<void(const Fields&)>& visit) {
  for_each_element(top, key, false, [&](const toml::node& element, std::size_t ordinal) {
    visit(Fields(*element.as_table(), kind + " #" + std::to_string(ordinal), known, top.file(),
                 top.diagnostics()));
  });
}

}  // namespace

void read_privileges(const Fields& top, Catalog& out) {
  for (const char* key : {"grants", "revokes", "default_privileges"})
    if (top.get(key)) out.manages_privileges = true;
  for_each_entry(top, "grants", "grant", keys::grant,
                 [&](const Fields& f) { add_grants(f, out, false); });
  for_each_entry(top, "revokes", "revoke", keys::revoke, [&](const Fields& f) {
    check_revoke(f);
    add_grants(f, out, true);
  });
  for_each_entry(top, "default_privileges", "default privileges", keys::default_privileges,
                 [&](const Fields& f) { add_default_privileges(f, out); });
}

}  // namespace recon::declare

namespace recon::declare {
namespace {

bool declares_sequence(const Catalog& c, const std::string& name) {
  if (c.sequences.count(name)) return true;
  // A serial column's sequence, named by Postgres <table>_<column>_seq.
  for (const auto& [table, t] : c.tables)
    for (const auto& column : t.columns)
      if (is_serial_type(column.type) && table + "_" + column.name + "_seq" == name) return true;
  return false;
}

bool declares_type(const Catalog& c, const std::string& name) {
  return c.enums.count(name) || c.domains.count(name) || c.composites.count(name) ||
         c.ranges.count(name);
}

// The declared routine a grant names: "f" when it has one overload, else its declared key
// ("f(a integer)"), compared without case and spaces.
std::optional<std::string> routine_named(const Catalog& c, const std::string& text,
                                         std::string& why) {
  const auto squeezed = [](std::string s) {
    std::erase(s, ' ');
    return normalize_keyword(s);
  };
  std::vector<std::string> overloads;
  for (const auto& [key, routine] : c.routines) {
    if (squeezed(key) == squeezed(text)) return key;
    if (routine.name == text) overloads.push_back(key);
  }
  if (overloads.size() == 1) return overloads.front();
  if (overloads.empty()) {
    why = "no function or procedure '" + text + "' is declared";
  } else {
    why = "'" + text + "' has " + std::to_string(overloads.size()) + " overloads: name one (";
    for (std::size_t i = 0; i < overloads.size(); ++i) why += (i ? ", " : "") + overloads[i];
    why += ")";
  }
  return std::nullopt;
}

// Whether the object of `g` is declared; a function's name is replaced by its declared key.
bool resolve_object(const Catalog& c, Grant& g, Diagnostics& diagnostics) {
  std::string why;
  if (g.on == "table") {
    const auto table = c.tables.find(g.object);
    if (table == c.tables.end() && !c.views.count(g.object)) {
      why = "no table or view '" + g.object + "' is declared";
    } else if (!g.column.empty() && table != c.tables.end() && !table->second.partition_of) {
      const auto& columns = table->second.columns;
      if (std::none_of(columns.begin(), columns.end(),
                       [&](const Column& col) { return col.name == g.column; }))
        why = "table '" + g.object + "' has no column '" + g.column + "'";
    }
  } else if (g.on == "sequence" && !declares_sequence(c, g.object)) {
    why = "no sequence '" + g.object + "' is declared";
  } else if (g.on == "type" && !declares_type(c, g.object)) {
    why = "no enum, domain, composite or range type '" + g.object + "' is declared";
  } else if (g.on == "function") {
    if (const auto key = routine_named(c, g.object, why)) g.object = *key;
  }
  if (why.empty()) return true;
  diagnostics.error(g.where, why);
  return false;
}

template <typename T>
void sort_unique(std::vector<T>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

}  // namespace

void check_privileges(Declaration& declaration, Diagnostics& diagnostics) {
  Catalog& c = declaration.catalog;
  std::erase_if(c.grants, [&](Grant& g) { return !resolve_object(c, g, diagnostics); });
  sort_unique(c.grants);
  sort_unique(c.default_privileges);
}

}  // namespace recon::declare
