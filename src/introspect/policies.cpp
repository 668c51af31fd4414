// Row-level security: the flags of tables and their policies, with what each policy's
// expressions read and call (pg_depend), for the order of the plan.
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

// Tables with row-level security on or a policy: one row per policy, or one with no policy.
// FORCE is read only while row-level security is on: it has no effect otherwise.
std::string policies_query(const Session& s) {
  return fmt::format(
      R"(
    SELECT c.relnamespace AS nsp, c.relname AS relation, c.relrowsecurity AS enabled,
           c.relrowsecurity AND c.relforcerowsecurity AS forced, p.polname AS name,
           p.polpermissive AS permissive, p.polcmd AS command,
           array_to_json(ARRAY(
             SELECT CASE WHEN r.role = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r.role) END
             FROM unnest(p.polroles) AS r(role) ORDER BY 1)) AS roles,
           {using} AS using, {check} AS with_check, d.description AS comment
    FROM pg_class c
    LEFT JOIN pg_policy p ON p.polrelid = c.oid
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_policy'::regclass AND d.objoid = p.oid AND d.objsubid = 0
    WHERE c.relkind IN ('r', 'p') AND (c.relrowsecurity OR p.oid IS NOT NULL) AND {filter})",
      fmt::arg("using", s.printed("pg_get_expr(p.polqual, p.polrelid, true)", "c.relnamespace")),
      fmt::arg("check",
               s.printed("pg_get_expr(p.polwithcheck, p.polrelid, true)", "c.relnamespace")),
      fmt::arg("filter", s.relation_filter("c")));
}

// What the policies' expressions read (relations, columns) and call (routines).
std::string policy_dependencies_query(const Session& s) {
  return fmt::format(
      R"(
    SELECT c.relnamespace AS nsp, c.relname AS relation, p.polname AS name,
           CASE WHEN f.pronamespace = c.relnamespace THEN {signature} END AS routine,
           CASE WHEN rc.relnamespace = c.relnamespace THEN '' ELSE rn.nspname END AS schema,
           rc.relname AS reads, a.attname AS "column"
    FROM pg_depend dep
    JOIN pg_policy p ON dep.classid = 'pg_policy'::regclass AND dep.objid = p.oid
    JOIN pg_class c ON c.oid = p.polrelid
    LEFT JOIN pg_proc f ON dep.refclassid = 'pg_proc'::regclass AND f.oid = dep.refobjid
    LEFT JOIN pg_class rc ON dep.refclassid = 'pg_class'::regclass AND rc.oid = dep.refobjid
    LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    LEFT JOIN pg_attribute a
      ON a.attrelid = rc.oid AND dep.refobjsubid > 0 AND a.attnum = dep.refobjsubid
    WHERE dep.deptype = 'n' AND {filter})",
      fmt::arg("signature", s.printed("f.proname || '(' || oidvectortypes(f.proargtypes) || ')'",
                                      "f.pronamespace")),
      fmt::arg("filter", s.relation_filter("c")));
}

std::string command_word(char code) {
  switch (code) {
    case 'r':
      return "select";
    case 'a':
      return "insert";
    case 'w':
      return "update";
    case 'd':
      return "delete";
    default:
      return "all";  // '*'
  }
}

Policy* find_policy(Catalog& catalog, const std::string& relation, const std::string& name) {
  const auto table = catalog.tables.find(relation);
  if (table == catalog.tables.end()) return nullptr;
  for (auto& p : table->second.policies)
    if (p.name == name) return &p;
  return nullptr;
}

void load_policy_dependencies(Session& session) {
  for (const auto& row : session.query(policy_dependencies_query(session))) {
    Catalog& catalog = session.catalog(row);
    Policy* p =
        find_policy(catalog, row["relation"].as<std::string>(), row["name"].as<std::string>());
    if (!p) continue;
    if (auto routine = optional_text(row["routine"])) {
      // A routine in C, a window function...: not the catalog's to order.
      if (catalog.routines.count(*routine) || catalog.aggregates.count(*routine))
        p->calls.push_back(*routine);
      continue;
    }
    if (row["reads"].is_null()) continue;
    p->depends_on.push_back({row["schema"].as<std::string>(), row["reads"].as<std::string>(),
                             optional_text(row["column"]).value_or("")});
  }
}

}  // namespace

void load_policies(Session& session) {
  for (const auto& row : session.query(policies_query(session))) {
    Catalog& catalog = session.catalog(row);
    const auto table = catalog.tables.find(row["relation"].as<std::string>());
    if (table == catalog.tables.end()) continue;
    Table& t = table->second;
    t.row_security = row["enabled"].as<bool>();
    t.force_row_security = row["forced"].as<bool>();
    if (row["name"].is_null()) continue;
    Policy p;
    p.name = row["name"].as<std::string>();
    p.permissive = row["permissive"].as<bool>();
    p.command = command_word(row["command"].as<std::string>().at(0));
    p.roles = json_strings(row["roles"]);
    p.using_expr = optional_text(row["using"]);
    p.with_check = optional_text(row["with_check"]);
    p.comment = optional_text(row["comment"]);
    t.policies.push_back(std::move(p));
  }
  load_policy_dependencies(session);
}

}  // namespace recon::introspect::detail
