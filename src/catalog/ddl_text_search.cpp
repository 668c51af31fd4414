// Text search dictionaries and configurations. Templates and parsers of pg_catalog are named
// bare in the catalog ("snowball", "default") and qualified here: "default" is a keyword.
#include <map>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"

namespace recon::ddl {
namespace {

std::string pg_catalog_or_qualified(const std::string& name) {
  return name.find('.') == std::string::npos ? "pg_catalog." + quote_ident(name) : name;
}

std::string comma_joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string text_search_options(const std::map<std::string, std::string>& options) {
  std::string out;
  for (const auto& [name, value] : options)
    out += (out.empty() ? "" : ", ") + quote_ident(name) + " = " + quote_literal(value);
  return out;
}

std::string create_text_search_dictionary(const TextSearchDictionary& d) {
  std::string options = "TEMPLATE = " + pg_catalog_or_qualified(d.template_name);
  if (!d.options.empty()) options += ", " + text_search_options(d.options);
  return "CREATE TEXT SEARCH DICTIONARY " + quote_ident(d.name) + " (" + options + ");";
}

std::string text_search_mapping(const std::string& configuration, const std::string& verb,
                                const std::map<std::string, std::vector<std::string>>& mapping) {
  // Token types mapped to the same dictionaries share a statement; the map keeps it in order.
  std::map<std::vector<std::string>, std::vector<std::string>> by_dictionaries;
  for (const auto& [token, dictionaries] : mapping)
    by_dictionaries[dictionaries].push_back(quote_ident(token));
  std::string sql;
  for (const auto& [dictionaries, tokens] : by_dictionaries) {
    sql += (sql.empty() ? "" : "\n") + std::string("ALTER TEXT SEARCH CONFIGURATION ") +
           quote_ident(configuration) + " " + verb + " MAPPING FOR " + comma_joined(tokens);
    if (verb != "DROP") sql += " WITH " + comma_joined(dictionaries);
    sql += ";";
  }
  return sql;
}

std::string create_text_search_configuration(const TextSearchConfiguration& c) {
  std::string sql = "CREATE TEXT SEARCH CONFIGURATION " + quote_ident(c.name) +
                    " (PARSER = " + pg_catalog_or_qualified(c.parser) + ");";
  if (!c.mapping.empty()) sql += "\n" + text_search_mapping(c.name, "ADD", c.mapping);
  return sql;
}

}  // namespace recon::ddl
