// Routines and triggers as TOML, for `recon inspect`.
#include <map>

#include "catalog/ddl.hpp"
#include "declare/emit_writer.hpp"

namespace recon::declare {
namespace {

// A body as a multi-line literal string, as it reads in review, when TOML can hold it so; a
// basic string with escapes otherwise.
std::string text_block(const std::string& text) {
  bool literal = text.find("'''") == std::string::npos && (text.empty() || text.back() != '\'');
  for (unsigned char c : text)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) literal = false;
  if (!literal) return toml_string(text);
  return "'''\n" + text + "'''";
}

std::string settings_table(const std::vector<std::string>& settings) {
  std::string out = "{ ";
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const auto eq = settings[i].find('=');
    out += (i ? ", " : "") + toml_key(settings[i].substr(0, eq)) + " = " +
           toml_string(eq == std::string::npos ? "" : settings[i].substr(eq + 1));
  }
  return out + " }";
}

void write_routine(Writer& w, const std::string& header, const Routine& r) {
  w.header(header);
  if (!r.arguments.empty()) w.str("arguments", r.arguments);
  if (!r.procedure) w.str("returns", r.returns);
  w.str("language", r.language);
  if (!r.procedure) {
    if (r.volatility != "volatile") w.str("volatility", r.volatility);
    w.flag("strict", r.strict);
    w.flag("leakproof", r.leakproof);
    if (r.parallel != "unsafe") w.str("parallel", r.parallel);
    if (r.cost) w.field("cost", *r.cost);
    if (r.rows) w.field("rows", *r.rows);
  }
  w.flag("security_definer", r.security_definer);
  if (!r.settings.empty()) w.field("set", settings_table(r.settings));
  w.str("comment", r.comment);
  w.field("body", text_block(r.body));
}

}  // namespace

void write_routines(Writer& w, const Catalog& catalog) {
  for (const bool procedures : {false, true}) {
    const std::string key = procedures ? "procedures." : "functions.";
    std::map<std::string, int> overloads;
    for (const auto& [signature, r] : catalog.routines)
      if (r.procedure == procedures) ++overloads[r.name];
    for (const auto& [signature, r] : catalog.routines) {
      if (r.procedure != procedures) continue;
      const bool several = overloads[r.name] > 1;
      write_routine(
          w, several ? "[[" + key + toml_key(r.name) + "]]" : "[" + key + toml_key(r.name) + "]",
          r);
    }
  }
}

void write_aggregates(Writer& w, const Catalog& catalog) {
  std::map<std::string, int> overloads;
  for (const auto& [signature, a] : catalog.aggregates) ++overloads[a.name];
  for (const auto& [signature, a] : catalog.aggregates) {
    const std::string key = "aggregates." + toml_key(a.name);
    w.header(overloads[a.name] > 1 ? "[[" + key + "]]" : "[" + key + "]");
    if (!a.arguments.empty()) w.str("arguments", a.arguments);
    w.str("state_function", a.state_function);
    w.str("state_type", a.state_type);
    w.str("final_function", a.final_function);
    w.str("combine_function", a.combine_function);
    w.str("initial_value", a.initial_value);
    if (a.parallel != "unsafe") w.str("parallel", a.parallel);
    w.str("comment", a.comment);
  }
}

void write_triggers(Writer& w, const std::string& prefix, const std::vector<Trigger>& triggers) {
  for (const auto& t : triggers) {
    w.header("[" + prefix + ".triggers." + toml_key(t.name) + "]");
    w.str("timing", t.timing);
    w.field("events", string_array(t.events));
    if (!t.columns.empty()) w.field("columns", string_array(t.columns));
    w.str("for_each", std::string(t.for_each_row ? "row" : "statement"));
    w.str("function",
          t.function_schema.empty() ? t.function : t.function_schema + "." + t.function);
    if (!t.arguments.empty()) w.field("arguments", string_array(t.arguments));
    w.str("when", t.when);
    w.str("old_table", t.old_table);
    w.str("new_table", t.new_table);
    w.flag("constraint", t.constraint);
    w.flag("deferrable", t.deferrable);
    w.flag("initially_deferred", t.initially_deferred);
    if (t.enabled == "disabled") w.field("enabled", "false");
    if (t.enabled == "always" || t.enabled == "replica") w.str("enabled", t.enabled);
    w.str("comment", t.comment);
  }
}

}  // namespace recon::declare
