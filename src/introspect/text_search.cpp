// Text search dictionaries and configurations of the schema (pg_ts_dict, pg_ts_config and its
// map). Parsers and templates are C code: they stay reported as unsupported (unsupported.cpp).
// A configuration's users are found with the routines' callers (routines.cpp).
#include <fmt/format.h>

#include <string_view>

#include "catalog/identifier.hpp"
#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

// A template or parser of pg_catalog by its bare name, else qualified.
std::string system_or_qualified(std::string_view name_column, std::string_view namespace_column) {
  return fmt::format(
      "CASE WHEN {1} = 'pg_catalog'::regnamespace THEN {0}::text "
      "ELSE quote_ident({1}::regnamespace::text) || '.' || quote_ident({0}) END",
      name_column, namespace_column);
}

// dictinitoption as serialize_deflist writes it: "language = 'english', accept = 'false'", each
// name quoted as needed and each value a string literal (E'...' when it holds a backslash).
std::map<std::string, std::string> dictionary_options(std::string_view text) {
  std::map<std::string, std::string> out;
  std::size_t at = 0;
  const auto skip = [&](std::string_view chars) {
    while (at < text.size() && chars.find(text[at]) != std::string_view::npos) ++at;
  };
  while (at < text.size()) {
    const auto name = read_identifier(text.substr(at));
    if (!name) break;
    at += name->length;
    skip(" =");
    const bool escaped = at < text.size() && text[at] == 'E';
    if (escaped) ++at;
    if (at >= text.size() || text[at] != '\'') break;
    std::string value;
    for (++at; at < text.size(); ++at) {
      const char ch = text[at];
      const bool doubled = at + 1 < text.size() && text[at + 1] == ch;
      if (ch == '\'' && !doubled) break;
      if ((ch == '\'' || (escaped && ch == '\\')) && doubled) ++at;
      value += ch;
    }
    ++at;  // the closing quote
    out[name->name] = std::move(value);
    skip(", ");
  }
  return out;
}

}  // namespace

void load_text_search(Session& session) {
  const auto dictionaries = session.query(fmt::format(
      R"(
    SELECT d.dictnamespace AS nsp, d.dictname AS name, {template} AS template,
           coalesce(d.dictinitoption, '') AS options, c.description AS comment
    FROM pg_ts_dict d
    JOIN pg_ts_template t ON t.oid = d.dicttemplate
    LEFT JOIN pg_description c
      ON c.classoid = 'pg_ts_dict'::regclass AND c.objoid = d.oid AND c.objsubid = 0
    WHERE d.dictnamespace = ANY ({namespaces}) AND {not_in_extension})",
      fmt::arg("template", system_or_qualified("t.tmplname", "t.tmplnamespace")),
      fmt::arg("namespaces", session.namespaces()),
      fmt::arg("not_in_extension", Session::not_in_extension("pg_ts_dict", "d.oid"))));
  for (const auto& row : dictionaries) {
    TextSearchDictionary d;
    d.name = row["name"].as<std::string>();
    d.template_name = row["template"].as<std::string>();
    d.options = dictionary_options(row["options"].as<std::string>());
    d.comment = optional_text(row["comment"]);
    session.catalog(row).text_search_dictionaries[d.name] = std::move(d);
  }

  const auto configurations = session.query(fmt::format(
      R"(
    SELECT c.cfgnamespace AS nsp, c.cfgname AS name, {parser} AS parser,
           d.description AS comment
    FROM pg_ts_config c
    JOIN pg_ts_parser p ON p.oid = c.cfgparser
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_ts_config'::regclass AND d.objoid = c.oid AND d.objsubid = 0
    WHERE c.cfgnamespace = ANY ({namespaces}) AND {not_in_extension})",
      fmt::arg("parser", system_or_qualified("p.prsname", "p.prsnamespace")),
      fmt::arg("namespaces", session.namespaces()),
      fmt::arg("not_in_extension", Session::not_in_extension("pg_ts_config", "c.oid"))));
  for (const auto& row : configurations) {
    TextSearchConfiguration c;
    c.name = row["name"].as<std::string>();
    c.parser = row["parser"].as<std::string>();
    c.comment = optional_text(row["comment"]);
    session.catalog(row).text_search_configurations[c.name] = std::move(c);
  }

  // The mapping: token types by their parser's alias, dictionaries in the order they are tried.
  const auto mapping = session.query(fmt::format(
      R"(
    SELECT c.cfgnamespace AS nsp, c.cfgname AS name, t.alias AS token,
           {dictionary} AS dictionary
    FROM pg_ts_config c
    JOIN pg_ts_config_map m ON m.mapcfg = c.oid
    JOIN LATERAL ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype
    WHERE c.cfgnamespace = ANY ({namespaces}) AND {not_in_extension}
    ORDER BY c.cfgnamespace, c.cfgname, m.maptokentype, m.mapseqno)",
      fmt::arg("dictionary", session.printed("m.mapdict::regdictionary::text", "c.cfgnamespace")),
      fmt::arg("namespaces", session.namespaces()),
      fmt::arg("not_in_extension", Session::not_in_extension("pg_ts_config", "c.oid"))));
  for (const auto& row : mapping) {
    auto& configurations_of = session.catalog(row).text_search_configurations;
    const auto found = configurations_of.find(row["name"].as<std::string>());
    if (found == configurations_of.end()) continue;
    found->second.mapping[row["token"].as<std::string>()].push_back(
        row["dictionary"].as<std::string>());
  }
}

}  // namespace recon::introspect::detail
