// The SQL of routines and triggers (ddl.hpp).
#include <algorithm>
#include <cctype>

#include "catalog/ddl.hpp"
#include "catalog/identifier.hpp"

namespace recon::ddl {
namespace {

// A body starting so is SQL-standard: Postgres parses it at creation, it is not a string.
bool standard_body(const Routine& r) {
  std::string head;
  for (char ch : r.body) {
    if (head.empty() && std::isspace(static_cast<unsigned char>(ch))) continue;
    head += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (head.size() == 12) break;
  }
  return r.language == "sql" &&
         (head.rfind("BEGIN ATOMIC", 0) == 0 || head.rfind("RETURN", 0) == 0);
}

// $$body$$, or $body$, $body1$... when the body holds the shorter tag.
std::string dollar_quoted(const std::string& body) {
  std::string tag = "$$";
  for (int n = 0; body.find(tag) != std::string::npos; ++n)
    tag = "$body" + (n ? std::to_string(n) : std::string()) + "$";
  return tag + body + tag;
}

// Settings whose value is a list of names (GUC_LIST_QUOTE): each element is an identifier.
bool list_of_names(const std::string& name) {
  return name == "search_path" || name == "temp_tablespaces";
}

std::string setting_value(const std::string& name, const std::string& value) {
  if (!list_of_names(name)) return quote_literal(value);
  std::string out;
  std::size_t at = 0;
  while (at <= value.size()) {
    auto end = value.find(',', at);
    if (end == std::string::npos) end = value.size();
    std::string element = value.substr(at, end - at);
    element.erase(0, element.find_first_not_of(' '));
    element.erase(element.find_last_not_of(' ') + 1);
    // Postgres prints a name that needs quotes quoted: keep it as the name it stands for.
    const auto token = read_identifier(element);
    const bool quoted = token && token->quoted && token->length == element.size();
    out += (out.empty() ? "" : ", ") + quote_ident(quoted ? token->name : element);
    at = end + 1;
  }
  return out;
}

std::string setting_clause(const std::string& setting) {
  const auto eq = setting.find('=');
  const std::string name = setting.substr(0, eq);
  const std::string value = eq == std::string::npos ? "" : setting.substr(eq + 1);
  return "SET " + quote_ident(name) + " = " + setting_value(name, value);
}

std::string function_attributes(const Routine& r) {
  std::string out;
  if (r.volatility != "volatile") out += "\n  " + upper(r.volatility);
  if (r.strict) out += "\n  STRICT";
  if (r.leakproof) out += "\n  LEAKPROOF";
  if (r.parallel != "unsafe") out += "\n  PARALLEL " + upper(r.parallel);
  if (r.cost) out += "\n  COST " + *r.cost;
  if (r.rows) out += "\n  ROWS " + *r.rows;
  return out;
}

// A routine's name as written in SQL ("f", "other.f", "\"Odd\".f"), each part quoted again:
// the text may come from a declaration.
std::string routine_name(const std::string& text) {
  std::string out;
  std::string_view rest = text;
  while (true) {
    const auto part = read_identifier(rest);
    if (!part) return quote_ident(text);
    out += quote_ident(part->name);
    rest.remove_prefix(part->length);
    if (rest.empty()) return out;
    if (rest.front() != '.') return quote_ident(text);
    out += ".";
    rest.remove_prefix(1);
  }
}

}  // namespace

bool has_standard_body(const Routine& routine) {
  return standard_body(routine);
}

std::string routine_reference(const std::string& signature, const Routine& routine) {
  return std::string(routine.procedure ? "PROCEDURE " : "FUNCTION ") + quote_ident(routine.name) +
         signature.substr(std::min(routine.name.size(), signature.size()));
}

std::string create_routine(const Routine& r, bool or_replace) {
  std::string sql = std::string("CREATE ") + (or_replace ? "OR REPLACE " : "") +
                    (r.procedure ? "PROCEDURE " : "FUNCTION ") + quote_ident(r.name) + "(" +
                    r.arguments + ")";
  if (!r.procedure) sql += "\n  RETURNS " + r.returns;
  sql += "\n  LANGUAGE " + quote_ident(r.language);
  if (!r.procedure) sql += function_attributes(r);
  if (r.security_definer) sql += "\n  SECURITY DEFINER";
  for (const auto& setting : r.settings) sql += "\n  " + setting_clause(setting);
  const std::string& body = r.written_body.empty() ? r.body : r.written_body;
  if (standard_body(r))
    sql += "\n" + body;
  else
    sql += "\nAS " + dollar_quoted(body);
  return sql + ";";
}

std::string create_aggregate(const Aggregate& a, bool or_replace) {
  std::string sql = std::string("CREATE ") + (or_replace ? "OR REPLACE " : "") + "AGGREGATE " +
                    quote_ident(a.name) + "(" + (a.arguments.empty() ? "*" : a.arguments) +
                    ") (\n  SFUNC = " + routine_name(a.state_function) +
                    ",\n  STYPE = " + a.state_type;
  if (a.final_function) sql += ",\n  FINALFUNC = " + routine_name(*a.final_function);
  if (a.combine_function) sql += ",\n  COMBINEFUNC = " + routine_name(*a.combine_function);
  if (a.initial_value) sql += ",\n  INITCOND = " + quote_literal(*a.initial_value);
  if (a.parallel != "unsafe") sql += ",\n  PARALLEL = " + upper(a.parallel);
  return sql + "\n);";
}

std::string create_collation(const Collation& c) {
  std::string options = "provider = " + quote_ident(c.provider);
  if (c.lc_ctype)
    options +=
        ", lc_collate = " + quote_literal(c.locale) + ", lc_ctype = " + quote_literal(*c.lc_ctype);
  else
    options += ", locale = " + quote_literal(c.locale);
  if (!c.deterministic) options += ", deterministic = false";
  return "CREATE COLLATION " + quote_ident(c.name) + " (" + options + ");";
}

std::string create_trigger(const std::string& relation, const Trigger& t) {
  std::string events;
  for (const char* event : {"insert", "update", "delete", "truncate"}) {
    if (std::find(t.events.begin(), t.events.end(), event) == t.events.end()) continue;
    events += (events.empty() ? "" : " OR ") + upper(event);
    if (std::string(event) != "update") continue;
    for (std::size_t i = 0; i < t.columns.size(); ++i)
      events += (i ? ", " : " OF ") + quote_ident(t.columns[i]);
  }
  std::string sql = std::string("CREATE ") + (t.constraint ? "CONSTRAINT " : "") + "TRIGGER " +
                    quote_ident(t.name) + " " + upper(t.timing) + " " + events + " ON " +
                    quote_ident(relation);
  if (t.constraint) {
    sql += t.deferrable ? " DEFERRABLE INITIALLY " : " NOT DEFERRABLE INITIALLY ";
    sql += t.initially_deferred ? "DEFERRED" : "IMMEDIATE";
  }
  if (t.old_table || t.new_table) {
    sql += "\n  REFERENCING";
    if (t.old_table) sql += " OLD TABLE AS " + quote_ident(*t.old_table);
    if (t.new_table) sql += " NEW TABLE AS " + quote_ident(*t.new_table);
  }
  sql += std::string("\n  FOR EACH ") + (t.for_each_row ? "ROW" : "STATEMENT");
  if (t.when) sql += "\n  WHEN (" + *t.when + ")";
  std::string arguments;
  for (const auto& a : t.arguments) arguments += (arguments.empty() ? "" : ", ") + quote_literal(a);
  sql +=
      "\n  EXECUTE FUNCTION " + qualified(t.function_schema, t.function) + "(" + arguments + ");";
  const std::string state = trigger_state(relation, t);
  return state.empty() ? sql : sql + "\n" + state;
}

std::string trigger_state(const std::string& relation, const Trigger& t) {
  const std::string on = "ALTER TABLE " + quote_ident(relation) + " ";
  const std::string name = " TRIGGER " + quote_ident(t.name) + ";";
  if (t.enabled == "disabled") return on + "DISABLE" + name;
  if (t.enabled == "always") return on + "ENABLE ALWAYS" + name;
  if (t.enabled == "replica") return on + "ENABLE REPLICA" + name;
  return "";
}

}  // namespace recon::ddl
