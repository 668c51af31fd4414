// Functions and procedures, and which objects of the schema call which of them (pg_depend:
// defaults, checks, indexes, views, SQL-standard bodies, domains) or name which of its text
// search configurations. Routines in C or internal
// languages are left to unsupported.cpp: their body is a symbol of a library recon cannot ship.
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

std::string routines_query(const Session& s) {
  // The default cost is 1 for C and internal routines and 100 for the rest; the default rows
  // estimate 1000 for a set-returning function: only other values are kept.
  return fmt::format(
      R"(
    SELECT p.pronamespace AS nsp, p.proname AS name, {signature} AS signature,
           p.prokind = 'p' AS procedure, {arguments} AS arguments,
           coalesce({result}, '') AS returns, l.lanname AS language,
           CASE WHEN p.prosqlbody IS NOT NULL THEN {sqlbody} ELSE p.prosrc END AS body,
           p.provolatile AS volatility, p.proisstrict AS strict, p.prosecdef AS security_definer,
           p.proleakproof AS leakproof, p.proparallel AS parallel,
           CASE WHEN p.procost <> 100 THEN p.procost::text END AS cost,
           CASE WHEN p.prorows <> CASE WHEN p.proretset THEN 1000 ELSE 0 END
                THEN p.prorows::text END AS rows,
           array_to_json(coalesce(p.proconfig, '{{}}'::text[])) AS settings,
           d.description AS comment
    FROM pg_proc p
    JOIN pg_language l ON l.oid = p.prolang
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid AND d.objsubid = 0
    WHERE p.pronamespace = ANY ({namespaces}) AND p.prokind IN ('f', 'p')
      AND l.lanname NOT IN ('c', 'internal') AND {not_in_extension})",
      fmt::arg("signature", s.printed("p.proname || '(' || oidvectortypes(p.proargtypes) || ')'",
                                      "p.pronamespace")),
      fmt::arg("arguments", s.printed("pg_get_function_arguments(p.oid)", "p.pronamespace")),
      fmt::arg("result", s.printed("pg_get_function_result(p.oid)", "p.pronamespace")),
      fmt::arg("sqlbody", s.printed("pg_get_function_sqlbody(p.oid)", "p.pronamespace")),
      fmt::arg("namespaces", s.namespaces()),
      fmt::arg("not_in_extension", Session::not_in_extension("pg_proc", "p.oid")));
}

// Aggregates of the usual kind, with none of the options the catalog does not hold (moving
// aggregates, ordered sets, serialization, sort operators, extra final arguments): the others
// stay reported as unsupported (unsupported.cpp).
}  // namespace

std::string plain_aggregate() {
  return "a.aggkind = 'n' AND a.aggmtransfn = 0 AND a.aggserialfn = 0 AND a.aggsortop = 0 "
         "AND NOT a.aggfinalextra AND a.aggfinalmodify = 'r' AND a.aggtransspace = 0 AND " +
         Session::not_in_extension("pg_proc", "p.oid");
}

namespace {

std::string word_of(char code, const char* codes, std::initializer_list<const char*> words) {
  const auto* word = words.begin();
  for (const char* c = codes; *c && word != words.end(); ++c, ++word)
    if (*c == code) return *word;
  return *words.begin();
}

std::string aggregates_query(const Session& s) {
  return fmt::format(
      R"(
    SELECT p.pronamespace AS nsp, p.proname AS name, {signature} AS signature,
           {arguments} AS arguments, {transfn} AS state_function, {transtype} AS state_type,
           CASE WHEN a.aggfinalfn <> 0 THEN {finalfn} END AS final_function,
           CASE WHEN a.aggcombinefn <> 0 THEN {combinefn} END AS combine_function,
           a.agginitval AS initial_value, p.proparallel AS parallel, d.description AS comment
    FROM pg_proc p
    JOIN pg_aggregate a ON a.aggfnoid = p.oid
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_proc'::regclass AND d.objoid = p.oid AND d.objsubid = 0
    WHERE p.pronamespace = ANY ({namespaces}) AND p.prokind = 'a' AND {plain})",
      fmt::arg("signature", s.printed("p.proname || '(' || oidvectortypes(p.proargtypes) || ')'",
                                      "p.pronamespace")),
      fmt::arg("arguments", s.printed("oidvectortypes(p.proargtypes)", "p.pronamespace")),
      fmt::arg("transfn", s.printed("a.aggtransfn::regproc::text", "p.pronamespace")),
      fmt::arg("transtype", s.printed("format_type(a.aggtranstype, NULL)", "p.pronamespace")),
      fmt::arg("finalfn", s.printed("a.aggfinalfn::regproc::text", "p.pronamespace")),
      fmt::arg("combinefn", s.printed("a.aggcombinefn::regproc::text", "p.pronamespace")),
      fmt::arg("namespaces", s.namespaces()), fmt::arg("plain", plain_aggregate()));
}

// Which object calls which routine of its own schema, or names which of its text search
// configurations (to_tsvector('cfg', ...)): one branch per kind of caller, each giving (nsp,
// kind, owner, part, routine, configuration), `routine` being the routine's signature or the
// configuration's name.
std::string calls_query(const Session& s) {
  return fmt::format(
      R"(
    WITH called AS (
      SELECT dep.classid, dep.objid, dep.objsubid, p.pronamespace AS nsp, {signature} AS routine,
             false AS configuration
      FROM pg_depend dep JOIN pg_proc p ON p.oid = dep.refobjid
      WHERE dep.refclassid = 'pg_proc'::regclass AND dep.deptype = 'n'
        AND p.pronamespace = ANY ({namespaces})
      UNION ALL
      SELECT dep.classid, dep.objid, dep.objsubid, cfg.cfgnamespace, cfg.cfgname::text, true
      FROM pg_depend dep JOIN pg_ts_config cfg ON cfg.oid = dep.refobjid
      WHERE dep.refclassid = 'pg_ts_config'::regclass AND dep.deptype = 'n'
        AND cfg.cfgnamespace = ANY ({namespaces}))
    SELECT k.nsp, 'column' AS kind, c.relname AS owner, a.attname AS part, k.routine,
           k.configuration
    FROM called k JOIN pg_attrdef ad ON k.classid = 'pg_attrdef'::regclass AND ad.oid = k.objid
    JOIN pg_class c ON c.oid = ad.adrelid AND c.relnamespace = k.nsp
    JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
    UNION ALL
    SELECT k.nsp, CASE WHEN con.contypid <> 0 THEN 'domain' ELSE 'constraint' END,
           coalesce(c.relname, t.typname), con.conname, k.routine, k.configuration
    FROM called k JOIN pg_constraint con
      ON k.classid = 'pg_constraint'::regclass AND con.oid = k.objid
    LEFT JOIN pg_class c ON c.oid = con.conrelid
    LEFT JOIN pg_type t ON t.oid = con.contypid
    WHERE coalesce(c.relnamespace, t.typnamespace) = k.nsp
    UNION ALL
    SELECT k.nsp, 'index', c.relname, i.relname, k.routine, k.configuration
    FROM called k JOIN pg_index x ON k.classid = 'pg_class'::regclass AND x.indexrelid = k.objid
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class c ON c.oid = x.indrelid AND c.relnamespace = k.nsp
    UNION ALL
    SELECT k.nsp, 'view', v.relname, '', k.routine, k.configuration
    FROM called k JOIN pg_rewrite r ON k.classid = 'pg_rewrite'::regclass AND r.oid = k.objid
    JOIN pg_class v ON v.oid = r.ev_class AND v.relnamespace = k.nsp
    UNION ALL
    SELECT k.nsp, 'routine', {caller}, '', k.routine, k.configuration
    FROM called k JOIN pg_proc p ON k.classid = 'pg_proc'::regclass AND p.oid = k.objid
    WHERE p.pronamespace = k.nsp
    UNION ALL
    SELECT k.nsp, 'domain', t.typname, '', k.routine, k.configuration
    FROM called k JOIN pg_type t ON k.classid = 'pg_type'::regclass AND t.oid = k.objid
    WHERE t.typnamespace = k.nsp)",
      fmt::arg("signature", s.printed("p.proname || '(' || oidvectortypes(p.proargtypes) || ')'",
                                      "p.pronamespace")),
      fmt::arg("caller", s.printed("p.proname || '(' || oidvectortypes(p.proargtypes) || ')'",
                                   "p.pronamespace")),
      fmt::arg("namespaces", s.namespaces()));
}

// The list a row of calls_query adds to: the item's routines, or its text search
// configurations when it can name some.
template <typename T>
std::vector<std::string>* uses_list(T& item, bool configuration) {
  if constexpr (requires { item.text_search_configs; })
    return configuration ? &item.text_search_configs : &item.calls;
  else
    return configuration ? nullptr : &item.calls;
}

template <typename T>
std::vector<std::string>* calls_of_named(std::vector<T>& items, const std::string& name,
                                         bool configuration) {
  for (auto& item : items)
    if (item.name == name) return uses_list(item, configuration);
  return nullptr;
}

template <typename Map>
auto* find_in(Map& map, const std::string& name) {
  const auto it = map.find(name);
  return it == map.end() ? nullptr : &it->second;
}

// The calls list of the object a row of calls_query names, or nullptr when the catalog does
// not hold it (an ignored table, a routine it does not manage).
std::vector<std::string>* calls_list(Catalog& catalog, const std::string& kind,
                                     const std::string& owner, const std::string& part,
                                     bool configuration) {
  if (kind == "view" || kind == "routine") {
    if (auto* v = kind == "view" ? find_in(catalog.views, owner) : nullptr)
      return uses_list(*v, configuration);
    if (auto* r = kind == "routine" ? find_in(catalog.routines, owner) : nullptr)
      return uses_list(*r, configuration);
    if (auto* a = kind == "routine" ? find_in(catalog.aggregates, owner) : nullptr)
      return uses_list(*a, configuration);
    return nullptr;
  }
  if (kind == "domain") {
    auto* d = find_in(catalog.domains, owner);
    return d ? uses_list(*d, configuration) : nullptr;
  }
  if (kind == "index") {
    if (auto* t = find_in(catalog.tables, owner))
      return calls_of_named(t->indexes, part, configuration);
    if (auto* v = find_in(catalog.views, owner))
      return calls_of_named(v->indexes, part, configuration);
    return nullptr;
  }
  auto* t = find_in(catalog.tables, owner);
  if (!t) return nullptr;
  return kind == "column" ? calls_of_named(t->columns, part, configuration)
                          : calls_of_named(t->constraints, part, configuration);
}

}  // namespace

void load_routines(Session& session) {
  for (const auto& row : session.query(routines_query(session))) {
    Routine r;
    r.name = row["name"].as<std::string>();
    r.procedure = row["procedure"].as<bool>();
    r.arguments = row["arguments"].as<std::string>();
    r.returns = row["returns"].as<std::string>();
    r.language = row["language"].as<std::string>();
    r.body = row["body"].as<std::string>();
    if (!r.procedure) {
      r.volatility = word_of(row["volatility"].as<std::string>().at(0), "vsi",
                             {"volatile", "stable", "immutable"});
      r.strict = row["strict"].as<bool>();
      r.leakproof = row["leakproof"].as<bool>();
      r.parallel =
          word_of(row["parallel"].as<std::string>().at(0), "usr", {"unsafe", "safe", "restricted"});
      r.rows = optional_text(row["rows"]);
    }
    r.security_definer = row["security_definer"].as<bool>();
    r.cost = optional_text(row["cost"]);
    r.settings = json_strings(row["settings"]);
    r.comment = optional_text(row["comment"]);
    session.catalog(row).routines[row["signature"].as<std::string>()] = std::move(r);
  }
}

void load_aggregates(Session& session) {
  for (const auto& row : session.query(aggregates_query(session))) {
    Aggregate a;
    a.name = row["name"].as<std::string>();
    a.arguments = row["arguments"].as<std::string>();
    a.state_function = row["state_function"].as<std::string>();
    a.state_type = row["state_type"].as<std::string>();
    a.final_function = optional_text(row["final_function"]);
    a.combine_function = optional_text(row["combine_function"]);
    a.initial_value = optional_text(row["initial_value"]);
    a.parallel =
        word_of(row["parallel"].as<std::string>().at(0), "usr", {"unsafe", "safe", "restricted"});
    a.comment = optional_text(row["comment"]);
    session.catalog(row).aggregates[row["signature"].as<std::string>()] = std::move(a);
  }
}

void load_routine_calls(Session& session) {
  for (const auto& row : session.query(calls_query(session))) {
    Catalog& catalog = session.catalog(row);
    const auto routine = row["routine"].as<std::string>();
    const bool configuration = row["configuration"].as<bool>();
    // A routine in C, a window function...: not the catalog's to order.
    if (configuration ? !catalog.text_search_configurations.count(routine)
                      : !catalog.routines.count(routine) && !catalog.aggregates.count(routine))
      continue;
    auto* calls = calls_list(catalog, row["kind"].as<std::string>(), row["owner"].as<std::string>(),
                             row["part"].as<std::string>(), configuration);
    if (calls) calls->push_back(routine);
  }
}

}  // namespace recon::introspect::detail
