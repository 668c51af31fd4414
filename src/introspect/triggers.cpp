// Triggers of tables and views. Internal triggers (those of foreign keys) are the constraints'
// own, and a trigger cloned onto a partition (tgparentid) is its parent's.
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

std::string triggers_query(const Session& s) {
  // pg_get_triggerdef is the only printer of a trigger's WHEN condition: it is cut out of the
  // definition (greedy: the condition may itself hold parentheses).
  return fmt::format(
      R"(
    SELECT c.relnamespace AS nsp, c.relname AS relation, t.tgname AS name, t.tgtype AS type,
           array_to_json(ARRAY(
             SELECT a.attname FROM unnest(t.tgattr::int2[]) WITH ORDINALITY AS u(attnum, n)
             JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = u.attnum
             ORDER BY u.n)) AS columns,
           CASE WHEN p.pronamespace = c.relnamespace THEN '' ELSE pn.nspname END
             AS function_schema,
           p.proname AS function, encode(t.tgargs, 'hex') AS arguments,
           substring({definition} FROM ' WHEN \((.*)\) EXECUTE (FUNCTION|PROCEDURE) ') AS when,
           t.tgoldtable AS old_table, t.tgnewtable AS new_table,
           t.tgconstraint <> 0 AS constraint, t.tgdeferrable AS deferrable,
           t.tginitdeferred AS initially_deferred, t.tgenabled AS enabled,
           d.description AS comment
    FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_proc p ON p.oid = t.tgfoid
    JOIN pg_namespace pn ON pn.oid = p.pronamespace
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_trigger'::regclass AND d.objoid = t.oid AND d.objsubid = 0
    WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND {filter})",
      fmt::arg("definition", s.printed("pg_get_triggerdef(t.oid, true)", "c.relnamespace")),
      fmt::arg("filter", s.relation_filter("c")));
}

// tgargs: each argument followed by a zero byte, sent as hex.
std::vector<std::string> trigger_arguments(const std::string& hex) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    const char byte = static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    if (byte != 0) {
      current += byte;
      continue;
    }
    out.push_back(std::move(current));
    current.clear();
  }
  return out;
}

// pg_trigger.tgtype's bits (TRIGGER_TYPE_* in Postgres's trigger.h).
Trigger trigger_of_type(int type) {
  Trigger t;
  t.for_each_row = type & 1;
  t.timing = (type & 64) ? "instead of" : (type & 2) ? "before" : "after";
  const std::pair<int, const char*> events[] = {
      {4, "insert"}, {16, "update"}, {8, "delete"}, {32, "truncate"}};
  for (const auto& [bit, event] : events)
    if (type & bit) t.events.emplace_back(event);
  return t;
}

std::string enabled_word(char code) {
  switch (code) {
    case 'D':
      return "disabled";
    case 'A':
      return "always";
    case 'R':
      return "replica";
    default:
      return "origin";
  }
}

}  // namespace

void load_triggers(Session& session) {
  for (const auto& row : session.query(triggers_query(session))) {
    Catalog& catalog = session.catalog(row);
    Trigger t = trigger_of_type(row["type"].as<int>());
    t.name = row["name"].as<std::string>();
    t.columns = json_strings(row["columns"]);
    t.function_schema = row["function_schema"].as<std::string>();
    t.function = row["function"].as<std::string>();
    t.arguments = trigger_arguments(row["arguments"].as<std::string>());
    t.when = optional_text(row["when"]);
    t.old_table = optional_text(row["old_table"]);
    t.new_table = optional_text(row["new_table"]);
    t.constraint = row["constraint"].as<bool>();
    t.deferrable = row["deferrable"].as<bool>();
    t.initially_deferred = row["initially_deferred"].as<bool>();
    t.enabled = enabled_word(row["enabled"].as<std::string>().at(0));
    t.comment = optional_text(row["comment"]);
    const auto relation = row["relation"].as<std::string>();
    if (auto table = catalog.tables.find(relation); table != catalog.tables.end())
      table->second.triggers.push_back(std::move(t));
    else if (auto view = catalog.views.find(relation); view != catalog.views.end())
      view->second.triggers.push_back(std::move(t));
  }
}

}  // namespace recon::introspect::detail
