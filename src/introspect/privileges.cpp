// Privileges of the schema and its objects (ACLs: aclexplode), and the schema's default
// privileges (pg_default_acl), for a project that governs them. The owner's own privileges are
// not grants; neither is PUBLIC's EXECUTE on a function or USAGE on a type while Postgres's
// default holds: its absence is recorded instead (Grant::revoked).
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

// Every object that can hold privileges, with its owner and its ACL; `public_default` for the
// kinds whose NULL ACL grants PUBLIC a privilege.
std::string acl_sources(const Session& s) {
  return fmt::format(
      R"(
    SELECT n.oid AS nsp, 'schema' AS on_kind, '' AS object, '' AS col, n.nspowner AS owner,
           n.nspacl AS acl, false AS public_default
    FROM pg_namespace n WHERE n.oid = ANY ({namespaces})
    UNION ALL
    SELECT c.relnamespace, CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'table' END, c.relname,
           '', c.relowner, c.relacl, false
    FROM pg_class c WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND {relations}
      -- An identity column's sequence is part of the column (deptype 'i'): not an object the
      -- catalog lists, so its privileges (default privileges give it some) are not governed.
      AND NOT EXISTS (SELECT FROM pg_depend i WHERE i.classid = 'pg_class'::regclass
                      AND i.objid = c.oid AND i.deptype = 'i')
    UNION ALL
    SELECT c.relnamespace, 'table', c.relname, a.attname, c.relowner, a.attacl, false
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
      AND c.relkind IN ('r', 'p', 'v', 'm') AND {relations}
    UNION ALL
    SELECT p.pronamespace, 'function', {signature}, '', p.proowner, p.proacl, true
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    WHERE p.pronamespace = ANY ({namespaces}) AND p.prokind IN ('f', 'p')
      AND l.lanname NOT IN ('c', 'internal') AND {routine_not_in_extension}
    UNION ALL
    SELECT t.typnamespace, 'type', t.typname, '', t.typowner, t.typacl, true
    FROM pg_type t LEFT JOIN pg_class r ON r.oid = t.typrelid
    WHERE t.typnamespace = ANY ({namespaces}) AND {type_not_in_extension}
      AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND r.relkind = 'c')))",
      fmt::arg("namespaces", s.namespaces()), fmt::arg("relations", s.relation_filter("c")),
      fmt::arg("signature", s.printed("p.proname || '(' || oidvectortypes(p.proargtypes) || ')'",
                                      "p.pronamespace")),
      fmt::arg("routine_not_in_extension", Session::not_in_extension("pg_proc", "p.oid")),
      fmt::arg("type_not_in_extension", Session::not_in_extension("pg_type", "t.oid")));
}

std::string grants_query(const Session& s) {
  return fmt::format(
      R"(
    WITH src AS ({sources}),
    held AS (
      SELECT src.*, x.grantee, x.privilege_type, x.is_grantable
      FROM src, aclexplode(src.acl) x WHERE src.acl IS NOT NULL AND x.grantee <> src.owner)
    SELECT nsp, on_kind, object, col,
           CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(grantee)::text END AS role,
           privilege_type AS privilege, bool_or(is_grantable) AS grantable, false AS revoked
    FROM held
    WHERE NOT (public_default AND grantee = 0 AND privilege_type IN ('EXECUTE', 'USAGE'))
    GROUP BY 1, 2, 3, 4, 5, 6
    UNION ALL
    SELECT nsp, on_kind, object, '', 'PUBLIC',
           CASE on_kind WHEN 'function' THEN 'EXECUTE' ELSE 'USAGE' END, false, true
    FROM src
    WHERE public_default AND acl IS NOT NULL AND NOT EXISTS (
      SELECT FROM aclexplode(src.acl) x
      WHERE x.grantee = 0 AND x.privilege_type IN ('EXECUTE', 'USAGE')))",
      fmt::arg("sources", acl_sources(s)));
}

std::string default_privileges_query(const Session& s) {
  return fmt::format(
      R"(
    SELECT d.defaclnamespace AS nsp, pg_get_userbyid(d.defaclrole)::text AS for_role,
           CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
                                WHEN 'f' THEN 'functions' ELSE 'types' END AS on_kind,
           CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee)::text END AS role,
           x.privilege_type AS privilege, bool_or(x.is_grantable) AS grantable
    FROM pg_default_acl d, aclexplode(d.defaclacl) x
    WHERE d.defaclnamespace = ANY ({}) AND d.defaclobjtype IN ('r', 'S', 'f', 'T')
    GROUP BY 1, 2, 3, 4, 5)",
      s.namespaces());
}

}  // namespace

void load_privileges(Session& session) {
  for (const auto& row : session.query(grants_query(session))) {
    Grant g;
    g.on = row["on_kind"].as<std::string>();
    g.object = row["object"].as<std::string>();
    g.column = row["col"].as<std::string>();
    g.role = row["role"].as<std::string>();
    g.privilege = row["privilege"].as<std::string>();
    g.grantable = row["grantable"].as<bool>();
    g.revoked = row["revoked"].as<bool>();
    session.catalog(row).grants.push_back(std::move(g));
  }
  for (const auto& row : session.query(default_privileges_query(session))) {
    DefaultPrivilege d;
    d.for_role = row["for_role"].as<std::string>();
    d.on = row["on_kind"].as<std::string>();
    d.role = row["role"].as<std::string>();
    d.privilege = row["privilege"].as<std::string>();
    d.grantable = row["grantable"].as<bool>();
    session.catalog(row).default_privileges.push_back(std::move(d));
  }
}

}  // namespace recon::introspect::detail
