// Domains and their check constraints (two queries: a domain has any number of checks).
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

std::string domains_query(const Session& s) {
  // The default is printed from its parse tree (typdefaultbin) rather than taken from typdefault,
  // which was printed once at creation time under whatever search path was current then.
  return fmt::format(
      R"(
    SELECT t.typnamespace AS nsp, t.typname AS name, {base_type} AS base_type,
           t.typnotnull AS not_null,
           CASE WHEN t.typdefaultbin IS NOT NULL THEN {default} ELSE t.typdefault END AS default,
           coll.collname AS collation, colln.nspname AS collation_schema,
           d.description AS comment
    FROM pg_type t
    JOIN pg_type bt ON bt.oid = t.typbasetype
    LEFT JOIN pg_collation coll ON coll.oid = t.typcollation AND t.typcollation <> bt.typcollation
    LEFT JOIN pg_namespace colln ON colln.oid = coll.collnamespace
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
    WHERE t.typtype = 'd' AND t.typnamespace = ANY ({namespaces}) AND {not_in_extension})",
      fmt::arg("base_type", s.printed("format_type(t.typbasetype, t.typtypmod)", "t.typnamespace")),
      fmt::arg("default", s.printed("pg_get_expr(t.typdefaultbin, 0, true)", "t.typnamespace")),
      fmt::arg("namespaces", s.namespaces()),
      fmt::arg("not_in_extension", Session::not_in_extension("pg_type", "t.oid")));
}

std::string domain_checks_query(const Session& s) {
  // pg_get_expr prints the domain's value as VALUE, ready to go back inside CHECK (...).
  return fmt::format(
      R"(
    SELECT t.typnamespace AS nsp, t.typname AS domain, k.conname AS name,
           {expression} AS expression, NOT k.convalidated AS not_valid
    FROM pg_constraint k
    JOIN pg_type t ON t.oid = k.contypid
    WHERE k.contype = 'c' AND t.typnamespace = ANY ({namespaces}))",
      fmt::arg("expression", s.printed("pg_get_expr(k.conbin, 0, true)", "t.typnamespace")),
      fmt::arg("namespaces", s.namespaces()));
}

}  // namespace

void load_domains(Session& session) {
  for (const auto& row : session.query(domains_query(session))) {
    Catalog& catalog = session.catalog(row);
    Domain domain;
    domain.name = row["name"].as<std::string>();
    domain.base_type = row["base_type"].as<std::string>();
    domain.not_null = row["not_null"].as<bool>();
    domain.default_expr = optional_text(row["default"]);
    if (!row["collation"].is_null()) {
      domain.collation = object_name(catalog, row["collation_schema"].as<std::string>(),
                                     row["collation"].as<std::string>());
    }
    domain.comment = optional_text(row["comment"]);
    catalog.domains[domain.name] = std::move(domain);
  }
}

void load_domain_checks(Session& session) {
  for (const auto& row : session.query(domain_checks_query(session))) {
    Catalog& catalog = session.catalog(row);
    const auto domain = catalog.domains.find(row["domain"].as<std::string>());
    if (domain == catalog.domains.end()) continue;  // a domain of an extension
    domain->second.checks.push_back({row["name"].as<std::string>(),
                                     row["expression"].as<std::string>(),
                                     row["not_valid"].as<bool>()});
  }
}

}  // namespace recon::introspect::detail
