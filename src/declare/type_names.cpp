#include "declare/type_names.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "declare/declaration.hpp"

namespace recon::declare {
namespace {

// Every type of PostgreSQL 15's pg_catalog (pseudo-types too: Postgres rejects them as
// column types with a message of its own).
const std::set<std::string>& catalog_types() {
  static const std::set<std::string> names = {"aclitem",
                                              "any",
                                              "anyarray",
                                              "anycompatible",
                                              "anycompatiblearray",
                                              "anycompatiblemultirange",
                                              "anycompatiblenonarray",
                                              "anycompatiblerange",
                                              "anyelement",
                                              "anyenum",
                                              "anymultirange",
                                              "anynonarray",
                                              "anyrange",
                                              "bit",
                                              "bool",
                                              "box",
                                              "bpchar",
                                              "bytea",
                                              "char",
                                              "cid",
                                              "cidr",
                                              "circle",
                                              "cstring",
                                              "date",
                                              "datemultirange",
                                              "daterange",
                                              "event_trigger",
                                              "fdw_handler",
                                              "float4",
                                              "float8",
                                              "gtsvector",
                                              "index_am_handler",
                                              "inet",
                                              "int2",
                                              "int2vector",
                                              "int4",
                                              "int4multirange",
                                              "int4range",
                                              "int8",
                                              "int8multirange",
                                              "int8range",
                                              "internal",
                                              "interval",
                                              "json",
                                              "jsonb",
                                              "jsonpath",
                                              "language_handler",
                                              "line",
                                              "lseg",
                                              "macaddr",
                                              "macaddr8",
                                              "money",
                                              "name",
                                              "numeric",
                                              "nummultirange",
                                              "numrange",
                                              "oid",
                                              "oidvector",
                                              "path",
                                              "pg_brin_bloom_summary",
                                              "pg_brin_minmax_multi_summary",
                                              "pg_ddl_command",
                                              "pg_dependencies",
                                              "pg_lsn",
                                              "pg_mcv_list",
                                              "pg_ndistinct",
                                              "pg_node_tree",
                                              "pg_snapshot",
                                              "point",
                                              "polygon",
                                              "record",
                                              "refcursor",
                                              "regclass",
                                              "regcollation",
                                              "regconfig",
                                              "regdictionary",
                                              "regnamespace",
                                              "regoper",
                                              "regoperator",
                                              "regproc",
                                              "regprocedure",
                                              "regrole",
                                              "regtype",
                                              "table_am_handler",
                                              "text",
                                              "tid",
                                              "time",
                                              "timestamp",
                                              "timestamptz",
                                              "timetz",
                                              "trigger",
                                              "tsm_handler",
                                              "tsmultirange",
                                              "tsquery",
                                              "tsrange",
                                              "tstzmultirange",
                                              "tstzrange",
                                              "tsvector",
                                              "txid_snapshot",
                                              "unknown",
                                              "uuid",
                                              "varbit",
                                              "varchar",
                                              "void",
                                              "xid",
                                              "xid8",
                                              "xml"};
  return names;
}

// The SQL grammar's own spellings (unquoted only), and the serial shorthands.
const std::set<std::string>& grammar_types() {
  static const std::set<std::string> names = {"int",
                                              "integer",
                                              "smallint",
                                              "bigint",
                                              "real",
                                              "float",
                                              "decimal",
                                              "dec",
                                              "boolean",
                                              "character",
                                              "nchar",
                                              "serial",
                                              "serial2",
                                              "serial4",
                                              "serial8",
                                              "smallserial",
                                              "bigserial",
                                              "double precision",
                                              "character varying",
                                              "char varying",
                                              "bit varying",
                                              "national character",
                                              "national char",
                                              "national character varying",
                                              "national char varying",
                                              "nchar varying",
                                              "time with time zone",
                                              "time without time zone",
                                              "timestamp with time zone",
                                              "timestamp without time zone"};
  return names;
}

// The types of the extensions shipped with PostgreSQL that have any; an extension not listed
// here may bring types recon does not know.
const std::map<std::string, std::vector<std::string>>& extension_types() {
  static const std::map<std::string, std::vector<std::string>> types = {
      {"btree_gin", {}},
      {"btree_gist", {}},
      {"citext", {"citext"}},
      {"cube", {"cube"}},
      {"earthdistance", {"earth"}},
      {"fuzzystrmatch", {}},
      {"hstore", {"hstore"}},
      {"intarray", {"query_int"}},
      {"isn", {"ean13", "isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "upc"}},
      {"lo", {"lo"}},
      {"ltree", {"lquery", "ltree", "ltxtquery"}},
      {"pg_trgm", {}},
      {"pgcrypto", {}},
      {"plpgsql", {}},
      {"seg", {"seg"}},
      {"tablefunc", {}},
      {"unaccent", {}},
      {"uuid-ossp", {}}};
  return types;
}

// What other databases and languages call the type Postgres has.
const std::map<std::string, std::string>& foreign_spellings() {
  static const std::map<std::string, std::string> names = {{"datetime", "timestamptz"},
                                                           {"datetime2", "timestamptz"},
                                                           {"smalldatetime", "timestamptz"},
                                                           {"datetimeoffset", "timestamptz"},
                                                           {"tinyint", "smallint"},
                                                           {"mediumint", "integer"},
                                                           {"string", "text"},
                                                           {"str", "text"},
                                                           {"long", "bigint"},
                                                           {"tinytext", "text"},
                                                           {"mediumtext", "text"},
                                                           {"longtext", "text"},
                                                           {"clob", "text"},
                                                           {"nvarchar", "varchar"},
                                                           {"varchar2", "varchar"},
                                                           {"nvarchar2", "varchar"},
                                                           {"blob", "bytea"},
                                                           {"tinyblob", "bytea"},
                                                           {"mediumblob", "bytea"},
                                                           {"longblob", "bytea"},
                                                           {"binary", "bytea"},
                                                           {"varbinary", "bytea"},
                                                           {"image", "bytea"},
                                                           {"double", "double precision"},
                                                           {"number", "numeric"},
                                                           {"uniqueidentifier", "uuid"},
                                                           {"guid", "uuid"},
                                                           {"int64", "bigint"},
                                                           {"int32", "integer"},
                                                           {"int16", "smallint"},
                                                           {"float64", "double precision"},
                                                           {"float32", "real"}};
  return names;
}

struct Token {
  std::string text;
  bool quoted = false;
  bool dot = false;
};

// The words and dots of a type name, its modifiers ("(255)") and array bounds left out;
// nullopt when the text holds anything else (recon leaves it to Postgres).
std::optional<std::vector<Token>> tokens_of(const std::string& type) {
  std::vector<Token> out;
  std::size_t i = 0;
  const auto at_end = [&] { return i >= type.size(); };
  while (!at_end()) {
    const unsigned char c = static_cast<unsigned char>(type[i]);
    if (std::isspace(c)) {
      ++i;
    } else if (c == '(' || c == '[') {
      const char close = c == '(' ? ')' : ']';
      const auto end = type.find(close, i);
      if (end == std::string::npos) return std::nullopt;
      i = end + 1;
    } else if (c == '.') {
      out.push_back({".", false, true});
      ++i;
    } else if (auto word = read_identifier(std::string_view(type).substr(i))) {
      i += word->length;
      out.push_back({std::move(word->name), word->quoted, false});
    } else {
      return std::nullopt;
    }
  }
  // "integer array", "integer array[3]": the SQL standard's array.
  if (out.size() > 1 && !out.back().quoted && out.back().text == "array") out.pop_back();
  if (out.empty()) return std::nullopt;
  return out;
}

bool interval_with_fields(const std::vector<Token>& words) {
  static const std::set<std::string> fields = {"year",   "month",  "day", "hour",
                                               "minute", "second", "to"};
  if (words.front().text != "interval") return false;
  return std::all_of(words.begin() + 1, words.end(),
                     [](const Token& t) { return !t.quoted && fields.contains(t.text); });
}

// The types a misspelling is compared with: the common built-in ones and the project's own.
std::vector<std::string> candidates(const ProjectTypes& project) {
  std::vector<std::string> out = {"integer",
                                  "bigint",
                                  "smallint",
                                  "text",
                                  "varchar",
                                  "boolean",
                                  "numeric",
                                  "real",
                                  "date",
                                  "time",
                                  "timestamp",
                                  "timestamptz",
                                  "interval",
                                  "uuid",
                                  "json",
                                  "jsonb",
                                  "bytea",
                                  "inet",
                                  "cidr",
                                  "macaddr",
                                  "money",
                                  "xml",
                                  "char",
                                  "double precision",
                                  "timestamp with time zone",
                                  "character varying",
                                  "bit varying"};
  out.insert(out.end(), project.names.begin(), project.names.end());
  return out;
}

// The type meant by `name`: the closest candidate (a project's name as it must be written,
// quoted when Postgres would fold it), else what the closest foreign spelling stands for.
std::string meant(const std::string& name, const ProjectTypes& project) {
  const std::string best = closest_match(name, candidates(project));
  if (!best.empty()) return project.names.contains(best) ? quote_ident(best) : best;
  std::vector<std::string> foreign;
  for (const auto& [spelling, _] : foreign_spellings()) foreign.push_back(spelling);
  const std::string spelling = closest_match(name, foreign);
  return spelling.empty() ? "" : foreign_spellings().at(spelling);
}

TypeVerdict unknown(const std::string& name, const ProjectTypes& project) {
  for (const auto& [extension, types] : extension_types())
    if (std::find(types.begin(), types.end(), name) != types.end()) return {false, "", extension};
  const auto foreign = foreign_spellings().find(name);
  if (foreign != foreign_spellings().end()) return {false, foreign->second, ""};
  return {false, meant(name, project), ""};
}

}  // namespace

std::optional<TypeVerdict> judge_type(const std::string& type, const ProjectTypes& project) {
  const auto tokens = tokens_of(type);
  if (!tokens) return std::nullopt;
  const auto& t = *tokens;
  // schema.name: only pg_catalog's and the project's own schema are known here.
  if (t.size() == 3 && t[1].dot && !t[0].dot && !t[2].dot) {
    if (t[0].text == "pg_catalog")
      return catalog_types().contains(t[2].text) ? TypeVerdict{} : unknown(t[2].text, project);
    if (t[0].text == project.schema)
      return project.names.contains(t[2].text) ? TypeVerdict{} : unknown(t[2].text, project);
    return std::nullopt;
  }
  if (std::any_of(t.begin(), t.end(), [](const Token& x) { return x.dot; })) return std::nullopt;
  if (t.size() > 1) {
    if (std::any_of(t.begin(), t.end(), [](const Token& x) { return x.quoted; }))
      return std::nullopt;
    std::string words;
    for (const auto& x : t) words += (words.empty() ? "" : " ") + x.text;
    if (grammar_types().contains(words) || interval_with_fields(t)) return TypeVerdict{};
    return unknown(words, project);
  }
  const std::string& name = t.front().text;
  if (project.names.contains(name) || catalog_types().contains(name)) return TypeVerdict{};
  if (!t.front().quoted && grammar_types().contains(name)) return TypeVerdict{};
  for (const auto& extension : project.extensions) {
    const auto found = extension_types().find(extension);
    if (found == extension_types().end()) return std::nullopt;  // its types are not known here
    const auto& names = found->second;
    if (std::find(names.begin(), names.end(), name) != names.end()) return TypeVerdict{};
  }
  return unknown(name, project);
}

namespace {

std::string advice(const TypeVerdict& verdict) {
  if (!verdict.extension.empty())
    return ": it comes with the extension " + verdict.extension + ": add it to the project's " +
           "extensions = [\"" + verdict.extension + "\"]";
  if (!verdict.suggestion.empty()) return " (did you mean " + verdict.suggestion + "?)";
  return ": declare it (an enum, a domain or a composite type), or install the extension that has "
         "it";
}

}  // namespace

void check_type_names(const Declaration& declaration, Diagnostics& diagnostics) {
  const Catalog& catalog = declaration.catalog;
  ProjectTypes project{catalog.schema, {}, catalog.extensions};
  for (const auto& [name, _] : catalog.enums) project.names.insert(name);
  for (const auto& [name, _] : catalog.domains) project.names.insert(name);
  for (const auto& [name, _] : catalog.composites) project.names.insert(name);
  for (const auto& [name, range] : catalog.ranges) {
    project.names.insert(name);
    project.names.insert(range.multirange.empty() ? default_multirange_name(name)
                                                  : range.multirange);
  }
  for (const auto& [name, _] : catalog.tables) project.names.insert(name);
  for (const auto& [name, _] : catalog.views) project.names.insert(name);
  for (const auto& [name, _] : catalog.sequences) project.names.insert(name);
  project.names.insert(catalog.ignored.begin(), catalog.ignored.end());
  for (const TypeUse& use : declaration.type_uses) {
    const auto verdict = judge_type(use.type, project);
    if (!verdict || verdict->known) continue;
    diagnostics.error(use.where, "type '" + use.type + "' of column '" + use.column +
                                     "' in table '" + use.table + "' does not exist in PostgreSQL" +
                                     advice(*verdict));
  }
  for (const auto& [name, range] : catalog.ranges) {
    const auto verdict = judge_type(range.subtype, project);
    if (verdict && !verdict->known)
      diagnostics.error(range.where, "subtype '" + range.subtype + "' of range type '" + name +
                                         "' does not exist in PostgreSQL" + advice(*verdict));
  }
  for (const auto& [name, composite] : catalog.composites) {
    for (const auto& attribute : composite.attributes) {
      const auto verdict = judge_type(attribute.type, project);
      if (!verdict || verdict->known) continue;
      diagnostics.error(attribute.where, "type '" + attribute.type + "' of attribute '" +
                                             attribute.name + "' in composite type '" + name +
                                             "' does not exist in PostgreSQL" + advice(*verdict));
    }
  }
}

std::optional<ForeignExtensionType> foreign_extension_type(const std::string& type,
                                                           const std::string& own_schema) {
  const auto tokens = tokens_of(type);
  if (!tokens || tokens->size() != 3 || !(*tokens)[1].dot) return std::nullopt;
  const std::string& schema = (*tokens)[0].text;
  const std::string& name = (*tokens)[2].text;
  if (schema == own_schema || schema == "pg_catalog") return std::nullopt;
  for (const auto& [extension, names] : extension_types())
    if (std::find(names.begin(), names.end(), name) != names.end())
      return ForeignExtensionType{schema, extension};
  return std::nullopt;
}

}  // namespace recon::declare
