// Triggers of a table or view: [tables.NAME.triggers.TRIGGER].
#include <algorithm>

#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

std::vector<std::string> read_events(const Fields& f) {
  std::vector<std::string> out;
  const auto events = f.strings("events");
  if (!events) {
    if (!f.get("events")) f.missing("events");
    return out;
  }
  static const std::vector<std::string> valid = {"insert", "update", "delete", "truncate"};
  for (const auto& event : *events) {
    const std::string word = normalize_keyword(event.value);
    if (std::find(valid.begin(), valid.end(), word) == valid.end())
      f.error(event.where, "event '" + event.value + "' " + f.context() + " is not one of " +
                               list_choices(valid));
    else if (std::find(out.begin(), out.end(), word) == out.end())
      out.push_back(word);
  }
  if (out.empty() && !events->empty()) return out;
  if (events->empty()) f.error(f.where("events"), "'events' " + f.context() + " is empty");
  return out;
}

// `function = "name"` (of the schema) or "schema.name".
void read_function(const Fields& f, Trigger& t) {
  const auto function = f.located_text("function");
  if (!function) {
    if (!f.get("function")) f.missing("function");
    return;
  }
  const auto dot = function->value.find('.');
  t.function = dot == std::string::npos ? function->value : function->value.substr(dot + 1);
  if (dot != std::string::npos) t.function_schema = function->value.substr(0, dot);
  check_name(t.function, "trigger function name", function->where, f.diagnostics());
}

// enabled = true (the default), false, "always" or "replica".
std::string read_enabled(const Fields& f) {
  const toml::node* node = f.get("enabled");
  if (!node) return "origin";
  if (auto on = node->value<bool>(); node->is_boolean()) return *on ? "origin" : "disabled";
  if (auto state = f.choice("enabled", {"always", "replica"})) return *state;
  return "origin";
}

Trigger read_trigger(const Fields& f, const std::string& name) {
  Trigger t;
  t.name = name;
  t.timing = f.choice("timing", {"before", "after", "instead of"}).value_or("");
  if (t.timing.empty() && !f.get("timing")) f.missing("timing");
  t.events = read_events(f);
  for (const auto& column : column_list(f, "columns", false)) t.columns.push_back(column.value);
  const auto level = f.choice("for_each", {"row", "statement"});
  t.for_each_row = level == "row";
  read_function(f, t);
  if (auto arguments = f.strings("arguments"))
    for (const auto& a : *arguments) t.arguments.push_back(a.value);
  t.when = f.sql("when");
  t.old_table = f.text("old_table");
  t.new_table = f.text("new_table");
  t.constraint = f.flag("constraint").value_or(false);
  t.deferrable = f.flag("deferrable").value_or(false);
  t.initially_deferred = f.flag("initially_deferred").value_or(false);
  if ((t.deferrable || t.initially_deferred) && !t.constraint)
    f.error(f.where(t.deferrable ? "deferrable" : "initially_deferred"),
            f.what() +
                " is deferrable, which only a constraint trigger can be: set constraint = "
                "true");
  t.enabled = read_enabled(f);
  t.comment = f.comment();
  return t;
}

}  // namespace

void read_triggers(const Fields& relation, std::vector<Trigger>& out) {
  for_each_named_table(
      relation, "triggers", "trigger",
      [&](const toml::table& body, const std::string& name, const SourceLocation& where) {
        const Fields f(body, "trigger '" + name + "' of " + relation.what(), keys::trigger,
                       relation.file(), relation.diagnostics());
        Trigger t = read_trigger(f, name);
        t.where = where;
        out.push_back(std::move(t));
      });
}

}  // namespace recon::declare
