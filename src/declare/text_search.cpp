// Text search: [text_search.dictionaries.NAME] and [text_search.configurations.NAME].
#include <algorithm>
#include <cctype>

#include "catalog/diagnostic.hpp"

#include "declare/keys.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

// A template, parser or dictionary named in SQL: a name, or schema.name.
std::optional<std::string> sql_name(const Fields& f, std::string_view key) {
  auto name = f.sql(key);
  if (name && name->find_first_of(" \t\n") != std::string::npos) {
    f.error(f.where(key), "'" + std::string(key) + "' " + f.context() +
                              " must be a name (or schema.name), not '" + *name + "'");
    return std::nullopt;
  }
  return name;
}

// The table under `key`; nullptr when absent, or not a table (reported).
const toml::table* table_under(const Fields& f, std::string_view key, std::string_view expected) {
  const toml::node* node = f.get(key);
  if (!node) return nullptr;
  const toml::table* table = node->as_table();
  if (!table) f.wrong_type(key, *node, expected);
  return table;
}

// options = { language = "english", accept = false }: Postgres keeps every value as text and
// folds the names to lower case.
std::map<std::string, std::string> read_options(const Fields& f) {
  std::map<std::string, std::string> out;
  const toml::table* options = table_under(f, "options", "a table of option = value");
  if (!options) return out;
  for (auto&& [key, value] : *options) {
    std::string name(key.str());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (const auto* s = value.as_string())
      out[name] = s->get();
    else if (const auto* b = value.as_boolean())
      out[name] = b->get() ? "true" : "false";
    else if (const auto* i = value.as_integer())
      out[name] = std::to_string(i->get());
    else
      f.error(f.at(value), "option '" + name + "' " + f.context() +
                               " must be a string, a boolean or an integer, not " +
                               describe_type(value));
  }
  return out;
}

// The token types of Postgres's default parser (ts_token_type('default')): a mapping for
// another is refused by Postgres; a misspelled one is reported here, with the closest.
const std::vector<std::string>& default_token_types() {
  static const std::vector<std::string> types = {"asciiword",
                                                 "word",
                                                 "numword",
                                                 "asciihword",
                                                 "hword",
                                                 "numhword",
                                                 "hword_asciipart",
                                                 "hword_part",
                                                 "hword_numpart",
                                                 "email",
                                                 "protocol",
                                                 "url",
                                                 "host",
                                                 "url_path",
                                                 "file",
                                                 "sfloat",
                                                 "float",
                                                 "int",
                                                 "uint",
                                                 "version",
                                                 "tag",
                                                 "entity",
                                                 "blank"};
  return types;
}

// mapping = { asciiword = ["english_stem"], word = ["unaccent", "english_stem"] }: for each
// token type, the dictionaries tried in turn.
std::map<std::string, std::vector<std::string>> read_mapping(const Fields& f,
                                                             const std::string& parser) {
  std::map<std::string, std::vector<std::string>> out;
  const toml::table* mapping = table_under(f, "mapping", "a table of token type = [dictionaries]");
  if (!mapping) return out;
  for (auto&& [key, value] : *mapping) {
    const std::string token(key.str());
    const auto& known = default_token_types();
    if (parser == "default" && std::find(known.begin(), known.end(), token) == known.end()) {
      f.error(location(f.file(), key.source()), "'" + token + "' in the mapping " + f.context() +
                                                    " is no token type of the default parser" +
                                                    did_you_mean(token, known));
      continue;
    }
    const std::string what = "the dictionaries of token type '" + token + "' " + f.context();
    const toml::array* dictionaries = value.as_array();
    if (!dictionaries || dictionaries->empty()) {
      f.error(f.at(value),
              what + " must be a non-empty array of dictionary names, not " +
                  (dictionaries ? std::string("an empty array") : describe_type(value)));
      continue;
    }
    std::vector<std::string> names;
    for (const toml::node& d : *dictionaries) {
      const auto* name = d.as_string();
      if (!name || name->get().empty() || name->get().find_first_of(" \t\n") != std::string::npos) {
        f.error(f.at(d), what + " must be dictionary names (or schema.name)");
        continue;
      }
      if (f.check_sql(name->get(), f.at(d), what)) names.push_back(name->get());
    }
    out[token] = std::move(names);
  }
  return out;
}

}  // namespace

void read_text_search_dictionary(const Named& named, const std::string& file, Catalog& out,
                                 Diagnostics& diagnostics) {
  const Fields f(named.body, "text search dictionary '" + named.name + "'",
                 keys::text_search_dictionary, file, diagnostics);
  TextSearchDictionary d;
  d.name = named.name;
  d.where = named.where;
  if (auto name = sql_name(f, "template"))
    d.template_name = *name;
  else if (!f.get("template"))
    f.missing("template");
  d.options = read_options(f);
  d.comment = f.comment();
  out.text_search_dictionaries.emplace(named.name, std::move(d));
}

void read_text_search_configuration(const Named& named, const std::string& file, Catalog& out,
                                    Diagnostics& diagnostics) {
  const Fields f(named.body, "text search configuration '" + named.name + "'",
                 keys::text_search_configuration, file, diagnostics);
  TextSearchConfiguration c;
  c.name = named.name;
  c.where = named.where;
  c.parser = sql_name(f, "parser").value_or("default");
  c.mapping = read_mapping(f, c.parser);
  c.comment = f.comment();
  out.text_search_configurations.emplace(named.name, std::move(c));
}

}  // namespace recon::declare
