// What each view and materialized view reads: the relations and columns its rewrite rule
// depends on. The diff stage uses them to know which views to drop and recreate around a change.
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

// Whether a routine a view calls ("function f(integer)", "aggregate group_concat(text)": of
// the view's own schema when unqualified) is one the catalog has, and so plans.
bool manages_routine(const Catalog& catalog, const std::string& routine) {
  for (const std::string kind : {"function ", "aggregate "}) {
    if (!routine.starts_with(kind)) continue;
    const std::string signature = routine.substr(kind.size());
    return kind == "function " ? catalog.routines.count(signature) > 0
                               : catalog.aggregates.count(signature) > 0;
  }
  return false;
}

}  // namespace

void load_view_dependencies(Session& session) {
  // A view's _RETURN rule also depends on the view itself: that one is not a dependency. The
  // second branch finds the routines outside the system schemas that a view calls: recon cannot
  // create them, so such a view cannot be planned (those of an extension installed in the
  // schema come with the extension).
  const auto rows = session.query(fmt::format(R"(
    SELECT v.relnamespace AS nsp, v.relname AS view,
           CASE WHEN rc.relnamespace = v.relnamespace THEN '' ELSE rn.nspname END AS schema,
           rc.relname AS relation, coalesce(ra.attname, '') AS column, '' AS routine
    FROM pg_class v
    JOIN pg_rewrite r ON r.ev_class = v.oid AND r.rulename = '_RETURN'
    JOIN pg_depend dep
      ON dep.classid = 'pg_rewrite'::regclass AND dep.objid = r.oid
         AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid <> v.oid
    JOIN pg_class rc ON rc.oid = dep.refobjid
    JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    LEFT JOIN pg_attribute ra
      ON dep.refobjsubid <> 0 AND ra.attrelid = dep.refobjid AND ra.attnum = dep.refobjsubid
    WHERE v.relkind IN ('v', 'm') AND {filter}
    UNION ALL
    SELECT DISTINCT v.relnamespace, v.relname, '', '', '',
           CASE p.prokind WHEN 'a' THEN 'aggregate ' WHEN 'w' THEN 'window function '
                          ELSE 'function ' END
             || CASE WHEN p.pronamespace = v.relnamespace THEN '' ELSE pn.nspname || '.' END
             || p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')'
    FROM pg_class v
    JOIN pg_rewrite r ON r.ev_class = v.oid AND r.rulename = '_RETURN'
    JOIN pg_depend dep
      ON dep.classid = 'pg_rewrite'::regclass AND dep.objid = r.oid
         AND dep.refclassid = 'pg_proc'::regclass
    JOIN pg_proc p ON p.oid = dep.refobjid
    JOIN pg_namespace pn ON pn.oid = p.pronamespace
    WHERE v.relkind IN ('v', 'm') AND pn.nspname NOT IN ('pg_catalog', 'information_schema')
      AND NOT (p.pronamespace = v.relnamespace AND EXISTS (
        SELECT FROM pg_depend e WHERE e.refclassid = 'pg_extension'::regclass
                                AND e.classid = 'pg_proc'::regclass AND e.objid = p.oid
                                AND e.deptype = 'e'))
      AND {filter})",
                                              fmt::arg("filter", session.relation_filter("v"))));
  for (const auto& row : rows) {
    Catalog& catalog = session.catalog(row);
    const auto view = catalog.views.find(row["view"].as<std::string>());
    if (view == catalog.views.end()) continue;
    if (auto routine = row["routine"].as<std::string>(); !routine.empty()) {
      if (manages_routine(catalog, routine)) continue;
      view->second.uses_unmanaged.push_back(std::move(routine));
      continue;
    }
    view->second.depends_on.push_back({row["schema"].as<std::string>(),
                                       row["relation"].as<std::string>(),
                                       row["column"].as<std::string>()});
  }
}

}  // namespace recon::introspect::detail
