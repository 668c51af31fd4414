#include "diff/keys.hpp"

#include <cctype>

#include "catalog/identifier.hpp"

namespace recon::diff::keys {
namespace {

// "todo_state[]" and "\"Mood\"(3)" name the type todo_state / Mood.
std::string base_type_spelling(std::string type) {
  while (type.size() >= 2 && type.compare(type.size() - 2, 2, "[]") == 0)
    type.resize(type.size() - 2);
  return type;
}

void add_calls(std::vector<std::string>& out, const std::vector<std::string>& calls) {
  for (const auto& signature : calls) out.push_back(routine(signature));
}

void add_text_search_configs(std::vector<std::string>& out, const std::vector<std::string>& names) {
  for (const auto& name : names) out.push_back(text_search_configuration(name));
}

// "\"Mixed Case\"" -> Mixed Case; a name that needs no quotes stays as it is.
std::string unquoted(const std::string& name) {
  const auto token = read_identifier(name);
  return token && token->quoted && token->length == name.size() ? token->name : name;
}

// "f(integer, numeric(10,2))" -> integer, numeric(10,2): the argument list split at its
// top-level commas, outside parentheses and quotes.
std::vector<std::string> signature_types(const std::string& signature) {
  std::vector<std::string> out;
  const auto open = signature.find('(');
  if (open == std::string::npos || signature.size() < open + 2) return out;
  const std::string list = signature.substr(open + 1, signature.size() - open - 2);
  std::string current;
  int depth = 0;
  bool quoted = false;
  for (char c : list) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')') --depth;
    if (!quoted && depth == 0 && c == ',') {
      out.push_back(current);
      current.clear();
      continue;
    }
    if (!(current.empty() && c == ' ')) current += c;
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

}  // namespace

std::string collation(const std::string& name) {
  return "coll:" + quote_ident(name);
}

std::string text_search_configuration(const std::string& name) {
  return "tsconfig:" + quote_ident(name);
}

std::string text_search_dictionary(const std::string& name) {
  return "tsdict:" + quote_ident(name);
}

std::vector<std::string> mapping_uses(const Catalog& catalog,
                                      const TextSearchConfiguration& configuration) {
  std::vector<std::string> out;
  // Dictionaries are named as introspection prints them: quoted as needed, unqualified.
  for (const auto& [token, dictionaries] : configuration.mapping)
    for (const auto& name : dictionaries)
      if (catalog.text_search_dictionaries.count(unquoted(name)))
        out.push_back(text_search_dictionary(unquoted(name)));
  return out;
}

std::string routine(const std::string& signature) {
  return "fn:" + signature;
}

std::string policy(const std::string& table, const std::string& name) {
  return "pol:" + quote_ident(table) + "." + quote_ident(name);
}

std::string rel(const std::string& name) {
  return "rel:" + quote_ident(name);
}
std::string rel(const std::string& schema, const std::string& name) {
  return "rel:" + qualified(schema, name);
}
std::string col(const std::string& table, const std::string& column) {
  return col("", table, column);
}
std::string col(const std::string& schema, const std::string& table, const std::string& column) {
  return "col:" + qualified(schema, table) + "." + quote_ident(column);
}
std::string type(const std::string& name) {
  return "type:" + quote_ident(name);
}
std::string con(const std::string& table, const std::string& name) {
  return "con:" + quote_ident(table) + "." + quote_ident(name);
}

std::string enum_value(const std::string& type_name, const std::string& value) {
  return type(type_name) + "=" + value;
}
std::string value_of_enum_value(const std::string& key) {
  const std::string_view rest = std::string_view(key).substr(std::string_view("type:").size());
  const auto name = read_identifier(rest);
  return name ? std::string(rest.substr(name->length + 1)) : std::string();
}

std::string unique_key(const std::string& schema, const std::string& table,
                       const std::vector<std::string>& columns) {
  std::string key = "key:" + qualified(schema, table) + "(";
  for (std::size_t i = 0; i < columns.size(); ++i) key += (i ? "," : "") + quote_ident(columns[i]);
  return key + ")";
}

std::vector<std::string> column_uses(const Catalog& catalog, const Column& column) {
  std::vector<std::string> out;
  const std::string base = base_type_spelling(column.type);
  const std::string expressions = column.default_expr.value_or("") + column.generated.value_or("");
  // A type is used by the column's type, or by a cast in its default ('open'::todo_state).
  auto uses_type = [&](const std::string& name) {
    const std::string spelled = quote_ident(name);
    return spelled == base || expressions.find("::" + spelled) != std::string::npos;
  };
  for (const auto& [name, e] : catalog.enums) {
    if (uses_type(name)) out.push_back(type(name));
  }
  for (const auto& [name, d] : catalog.domains) {
    if (uses_type(name)) out.push_back(type(name));
  }
  for (const auto& [name, t] : catalog.composites) {
    if (uses_type(name)) out.push_back(type(name));
  }
  for (const auto& [name, r] : catalog.ranges) {
    if (uses_type(name)) out.push_back(type(name));
    if (!r.multirange.empty() && uses_type(r.multirange)) out.push_back(type(r.multirange));
  }
  if (expressions.find("nextval(") != std::string::npos) {
    for (const auto& [name, s] : catalog.sequences) {
      if (expressions.find("'" + quote_ident(name) + "'") != std::string::npos)
        out.push_back(rel(name));
    }
  }
  add_calls(out, column.calls);
  add_text_search_configs(out, column.text_search_configs);
  // Collations are named as introspection prints them: quoted as needed, unqualified.
  if (column.collation && catalog.collations.count(unquoted(*column.collation)))
    out.push_back(collation(unquoted(*column.collation)));
  return out;
}

std::vector<std::string> routine_uses(const Catalog& catalog, const std::string& signature,
                                      const Routine& routine) {
  std::vector<std::string> out = routine.created_after;
  // The types of the signature ("f(integer, mood)": the key holds them without names), and the
  // return type unless it is a TABLE(...) of named columns.
  std::vector<std::string> types = signature_types(signature);
  std::string returns = routine.returns;
  if (returns.starts_with("SETOF ")) returns.erase(0, 6);
  if (!returns.starts_with("TABLE(")) types.push_back(returns);
  for (const auto& type_text : types) {
    for (auto& key : type_uses(catalog, type_text)) out.push_back(std::move(key));
    // A table's or view's row type: RETURNS SETOF users.
    const std::string base = base_type_spelling(type_text);
    for (const auto& [name, t] : catalog.tables)
      if (quote_ident(name) == base) out.push_back(rel(name));
    for (const auto& [name, v] : catalog.views)
      if (quote_ident(name) == base) out.push_back(rel(name));
  }
  add_calls(out, routine.calls);
  return out;
}

std::vector<std::string> type_uses(const Catalog& catalog, const std::string& type_text) {
  std::vector<std::string> out;
  const std::string base = base_type_spelling(type_text);
  auto add = [&](const std::string& name) {
    if (quote_ident(name) == base) out.push_back(type(name));
  };
  for (const auto& [name, e] : catalog.enums) add(name);
  for (const auto& [name, d] : catalog.domains) add(name);
  for (const auto& [name, t] : catalog.composites) add(name);
  for (const auto& [name, r] : catalog.ranges) {
    add(name);
    if (!r.multirange.empty()) add(r.multirange);
  }
  return out;
}

std::vector<std::string> attribute_uses(const Catalog& catalog, const CompositeAttribute& a) {
  return type_uses(catalog, a.type);
}

std::vector<std::string> constraint_uses(const std::string& table, const Constraint& c) {
  std::vector<std::string> out;
  for (const auto& column : c.columns) out.push_back(col(table, column));
  if (c.kind == ConstraintKind::foreign_key) {
    out.push_back(rel(c.references.schema, c.references.table));
    out.push_back(unique_key(c.references.schema, c.references.table, c.references.columns));
  }
  add_calls(out, c.calls);
  add_text_search_configs(out, c.text_search_configs);
  return out;
}

std::vector<std::string> index_uses(const std::string& table, const Index& index) {
  std::vector<std::string> out;
  for (const auto& k : index.keys) {
    if (!k.column.empty()) out.push_back(col(table, k.column));
  }
  for (const auto& column : index.include) out.push_back(col(table, column));
  add_calls(out, index.calls);
  add_text_search_configs(out, index.text_search_configs);
  for (const auto& k : index.keys)
    if (k.collation) out.push_back(collation(unquoted(*k.collation)));
  return out;
}

namespace {

void add_reads(std::vector<std::string>& out, const std::vector<ViewDependency>& reads) {
  for (const auto& d : reads) {
    out.push_back(rel(d.schema, d.relation));
    if (!d.column.empty()) out.push_back(col(d.schema, d.relation, d.column));
  }
}

}  // namespace

std::vector<std::string> view_uses(const View& view) {
  std::vector<std::string> out;
  add_reads(out, view.depends_on);
  add_calls(out, view.calls);
  add_text_search_configs(out, view.text_search_configs);
  return out;
}

std::vector<std::string> policy_uses(const std::string& table, const Policy& policy) {
  std::vector<std::string> out{rel(table)};
  add_reads(out, policy.depends_on);
  add_calls(out, policy.calls);
  return out;
}

}  // namespace recon::diff::keys
