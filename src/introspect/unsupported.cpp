// Objects in the schema that the Catalog cannot express yet: rules, other kinds of types,
// options... Each is reported by kind and name so that nothing is dropped silently; one query,
// one UNION ALL branch per kind. Objects that belong to an extension come with the extension,
// which the catalog models (Catalog::extensions).
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

// Every branch selects (nsp, kind, name).
using Branch = std::string;

Branch routines(const Session& s) {
  // Aggregates, window functions and routines in C: the catalog has functions and procedures
  // of other languages (routines.cpp). Routines overload by argument types: the name carries
  // them, e.g. "group_concat(text)".
  // Routines made along with another object (a range type's constructors) depend on it
  // internally (deptype 'i') and come with it.
  return fmt::format(R"(
    SELECT p.pronamespace, CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                             WHEN 'w' THEN 'window function' ELSE 'function' END,
           p.proname || '(' || {args} || ')'
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
    WHERE p.pronamespace = ANY ({namespaces}) AND {plain}
      AND (p.prokind = 'w' OR (p.prokind IN ('f', 'p') AND l.lanname IN ('c', 'internal'))
           OR (p.prokind = 'a' AND NOT EXISTS (
             SELECT FROM pg_aggregate a WHERE a.aggfnoid = p.oid AND {plain_aggregate})))
      AND NOT EXISTS (SELECT FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass
                      AND i.objid = p.oid AND i.deptype = 'i'))",
                     fmt::arg("args", s.printed("oidvectortypes(p.proargtypes)", "p.pronamespace")),
                     fmt::arg("namespaces", s.namespaces()),
                     fmt::arg("plain", Session::not_in_extension("pg_proc", "p.oid")),
                     fmt::arg("plain_aggregate", plain_aggregate()));
}

// Objects attached to a table, named "table.object". Internal triggers (foreign keys) are the
// constraints' own; a trigger cloned onto a partition (tgparentid) comes with the parent's.
Branch table_parts(const Session& s) {
  return fmt::format(R"(
    SELECT c.relnamespace, 'rule', c.relname || '.' || r.rulename
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
    WHERE r.rulename <> '_RETURN' AND {filter}
    UNION ALL
    SELECT c.relnamespace, 'extended statistics', s.stxname
    FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid WHERE {filter})",
                     fmt::arg("filter", s.relation_filter("c")));
}

// Relations of kinds the catalog has no place for, and table features it cannot express.
Branch relation_features(const Session& s) {
  return fmt::format(R"(
    SELECT c.relnamespace, 'foreign table', c.relname
    FROM pg_class c WHERE c.relkind = 'f' AND {filter}
    UNION ALL
    SELECT c.relnamespace, 'typed table', c.relname
    FROM pg_class c WHERE c.reloftype <> 0 AND {filter}
    UNION ALL
    SELECT c.relnamespace, 'table inheritance', c.relname
    FROM pg_class c WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND {filter}
      AND EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.oid)
    UNION ALL
    SELECT c.relnamespace, 'relation options',
           c.relname || ' (' || array_to_string(c.reloptions, ', ') || ')'
    FROM pg_class c WHERE c.reloptions IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm')
      AND {filter}
    UNION ALL
    SELECT c.relnamespace, 'relation options',
           ic.relname || ' (' || array_to_string(ic.reloptions, ', ') || ')'
    FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
    WHERE ic.reloptions IS NOT NULL AND {filter})",
                     fmt::arg("filter", s.relation_filter("c")));
}

// Partitions whose parent is in another schema, reported on both sides: a project declares a
// partition only in its parent's schema, so neither can declare it, and neither drops it.
Branch partitions_across_schemas(const Session& s) {
  return fmt::format(R"(
    SELECT p.relnamespace, 'partition in another schema',
           format('%I.%I', cn.nspname, c.relname) || ' (of ' || p.relname || ')'
    FROM pg_class p
    JOIN pg_inherits i ON i.inhparent = p.oid
    JOIN pg_class c ON c.oid = i.inhrelid AND c.relispartition
    JOIN pg_namespace cn ON cn.oid = c.relnamespace
    WHERE c.relnamespace <> p.relnamespace AND {parent_filter}
    UNION ALL
    SELECT c.relnamespace, 'partition of a table in another schema',
           format('%I.%I', cn.nspname, c.relname) || ' (of ' || format('%I.%I', pn.nspname,
                                                                     p.relname) || ')'
    FROM pg_class c
    JOIN pg_namespace cn ON cn.oid = c.relnamespace
    JOIN pg_inherits i ON i.inhrelid = c.oid
    JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace pn ON pn.oid = p.relnamespace
    WHERE c.relispartition AND c.relnamespace <> p.relnamespace AND {filter})",
                     fmt::arg("parent_filter", s.relation_filter("p")),
                     fmt::arg("filter", s.relation_filter("c")));
}

// Column settings the catalog cannot express: defaults on views, storage settings of
// materialized views (those of tables come with the columns query: load_columns), and a
// partition's own NOT NULL or default where it differs from its parent's column (the partition's
// columns are otherwise taken to be the parent's).
Branch column_features(const Session& s) {
  return fmt::format(R"(
    SELECT c.relnamespace, 'view column default', c.relname || '.' || a.attname
    FROM pg_attrdef ad
    JOIN pg_class c ON c.oid = ad.adrelid
    JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
    WHERE c.relkind = 'v' AND {filter}
    UNION ALL
    SELECT c.relnamespace, 'column storage', c.relname || '.' || a.attname
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'm' AND {filter}
      AND (a.attstattarget <> -1 OR a.attoptions IS NOT NULL OR a.attstorage <> t.typstorage
           OR a.attcompression <> '')
    UNION ALL
    SELECT c.relnamespace, 'partition column', c.relname || '.' || a.attname
    FROM pg_class c
    JOIN pg_inherits i ON i.inhrelid = c.oid
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_attribute pa ON pa.attrelid = i.inhparent AND pa.attname = a.attname
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    LEFT JOIN pg_attrdef pad ON pad.adrelid = pa.attrelid AND pad.adnum = pa.attnum
    WHERE c.relispartition AND {filter}
      AND (a.attnotnull <> pa.attnotnull OR pg_get_expr(ad.adbin, ad.adrelid)
           IS DISTINCT FROM pg_get_expr(pad.adbin, pad.adrelid)))",
                     fmt::arg("filter", s.relation_filter("c")));
}

// Types other than enums and domains. Array types are created with every type and multirange
// types with every range type: neither is an object of its own.
Branch other_types(const Session& s) {
  return fmt::format(R"(
    SELECT t.typnamespace, CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'p' THEN 'pseudo type'
                             ELSE 'base type' END, t.typname
    FROM pg_type t
    WHERE t.typnamespace = ANY ({namespaces}) AND {plain}
      AND (t.typtype = 'p' OR (t.typtype = 'b'
           AND NOT EXISTS (SELECT FROM pg_type e WHERE e.oid = t.typelem
                           AND e.typarray = t.oid))
           -- Range types are declared (ranges.cpp), but for those with a canonical function.
           OR (t.typtype = 'r' AND EXISTS (SELECT FROM pg_range r WHERE r.rngtypid = t.oid
                                                                   AND r.rngcanonical <> 0))))",
                     fmt::arg("namespaces", s.namespaces()),
                     fmt::arg("plain", Session::not_in_extension("pg_type", "t.oid")));
}

// Kinds that are schema objects of their own, named by a name column of their catalog.
Branch named_objects(const Session& s, std::string_view catalog, std::string_view kind,
                     std::string_view name_column, std::string_view namespace_column) {
  return fmt::format(
      "SELECT o.{nsp}, '{kind}', o.{name}::text FROM {catalog} o "
      "WHERE o.{nsp} = ANY ({namespaces}) AND {plain}",
      fmt::arg("nsp", namespace_column), fmt::arg("kind", kind), fmt::arg("name", name_column),
      fmt::arg("catalog", catalog), fmt::arg("namespaces", s.namespaces()),
      fmt::arg("plain", Session::not_in_extension(catalog, "o.oid")));
}

Branch operators(const Session& s) {
  return fmt::format(R"(
    SELECT o.oprnamespace, 'operator', o.oprname || '(' || {args} || ')'
    FROM pg_operator o WHERE o.oprnamespace = ANY ({namespaces}) AND {plain})",
                     fmt::arg("args", s.printed("CASE WHEN o.oprleft = 0 THEN 'NONE' ELSE "
                                                "format_type(o.oprleft, NULL) END || ', ' || "
                                                "format_type(o.oprright, NULL)",
                                                "o.oprnamespace")),
                     fmt::arg("namespaces", s.namespaces()),
                     fmt::arg("plain", Session::not_in_extension("pg_operator", "o.oid")));
}

Branch extensions(const Session& s) {
  return fmt::format(
      "SELECT e.extnamespace, 'extension', e.extname::text FROM pg_extension e "
      "WHERE e.extnamespace = ANY ({})",
      s.namespaces());
}

std::string unsupported_query(const Session& s) {
  const std::vector<Branch> branches = {
      routines(s),
      table_parts(s),
      relation_features(s),
      partitions_across_schemas(s),
      column_features(s),
      other_types(s),
      operators(s),
      named_objects(s, "pg_opclass", "operator class", "opcname", "opcnamespace"),
      named_objects(s, "pg_opfamily", "operator family", "opfname", "opfnamespace"),
      named_objects(s, "pg_conversion", "conversion", "conname", "connamespace"),
      named_objects(s, "pg_ts_parser", "text search parser", "prsname", "prsnamespace"),
      named_objects(s, "pg_ts_template", "text search template", "tmplname", "tmplnamespace"),
      extensions(s),
  };
  std::string sql = "SELECT nsp, kind, name FROM (";
  for (std::size_t i = 0; i < branches.size(); ++i) {
    sql += (i == 0 ? "" : "\nUNION ALL\n") + branches[i];
  }
  return sql + "\n) AS unsupported(nsp, kind, name)";
}

}  // namespace

void load_unsupported(Session& session) {
  for (const auto& row : session.query(unsupported_query(session))) {
    const auto kind = row["kind"].as<std::string>();
    if (kind == "extension")
      session.catalog(row).extensions.push_back(row["name"].as<std::string>());
    else
      session.catalog(row).unsupported.push_back({kind, row["name"].as<std::string>()});
  }
}

}  // namespace recon::introspect::detail
