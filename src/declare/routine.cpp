// Functions and procedures: [functions.NAME], or [[functions.NAME]] once per overload;
// [procedures.NAME] likewise. Bodies are kept exactly as written.
#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

bool plain_name(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
  return true;
}

// A TOML number or boolean as SQL reads it back.
std::string scalar_text(const toml::node& node) {
  if (node.is_integer()) return std::to_string(*node.value<std::int64_t>());
  if (node.is_floating_point()) return fmt::format("{}", *node.value<double>());
  return *node.value<bool>() ? "true" : "false";
}

// A positive number, written as TOML writes it, or nullopt (reported) when it is not one.
std::optional<std::string> positive_number(const Fields& f, std::string_view key) {
  const toml::node* node = f.get(key);
  if (!node) return std::nullopt;
  double value = 0;
  if (auto i = node->value<std::int64_t>(); i && node->is_integer())
    value = static_cast<double>(*i);
  else if (auto d = node->value<double>(); d && node->is_floating_point())
    value = *d;
  else {
    f.wrong_type(key, *node, "a number");
    return std::nullopt;
  }
  if (!(value > 0) || !std::isfinite(value)) {
    f.error(f.where(key), "'" + std::string(key) + "' " + f.context() + " must be above zero");
    return std::nullopt;
  }
  return scalar_text(*node);
}

// `set = { search_path = "public, pg_temp" }`: configuration the routine runs with.
std::vector<std::string> read_settings(const Fields& f) {
  std::vector<std::string> out;
  const toml::node* node = f.get("set");
  if (!node) return out;
  const toml::table* table = node->as_table();
  if (!table) {
    f.wrong_type("set", *node, "a table of settings");
    return out;
  }
  for (auto&& [name, value] : *table) {
    const SourceLocation where = location(f.file(), name.source());
    if (!plain_name(name.str())) {
      f.error(where, "setting '" + std::string(name.str()) + "' " + f.context() +
                         " is not a configuration parameter name");
      continue;
    }
    std::string text;
    if (auto s = value.value<std::string>(); value.is_string())
      text = *s;
    else if (value.is_integer() || value.is_floating_point() || value.is_boolean())
      text = scalar_text(value);
    else {
      f.error(location(f.file(), value.source()),
              "setting '" + std::string(name.str()) + "' " + f.context() + " must be a string");
      continue;
    }
    out.push_back(std::string(name.str()) + "=" + text);
  }
  return out;
}

void read_function_attributes(const Fields& f, Routine& r) {
  r.returns = f.required_sql("returns", SqlShape::clause);
  r.volatility = f.choice("volatility", {"volatile", "stable", "immutable"}).value_or("volatile");
  r.strict = f.flag("strict").value_or(false);
  r.leakproof = f.flag("leakproof").value_or(false);
  r.parallel = f.choice("parallel", {"unsafe", "restricted", "safe"}).value_or("unsafe");
  r.cost = positive_number(f, "cost");
  r.rows = positive_number(f, "rows");
}

Routine read_routine(const Fields& f, const std::string& name, bool procedure) {
  Routine r;
  r.name = name;
  r.procedure = procedure;
  r.arguments = f.sql("arguments", SqlShape::clause).value_or("");
  if (!procedure) read_function_attributes(f, r);
  r.language = f.text("language").value_or("sql");
  if (!plain_name(r.language))
    f.error(f.where("language"),
            "'language' " + f.context() + " must be a language name, not '" + r.language + "'");
  r.security_definer = f.flag("security_definer").value_or(false);
  r.settings = read_settings(f);
  r.comment = f.comment();
  if (auto body = f.text("body"))
    r.body = *body;
  else if (!f.get("body"))
    f.missing("body");
  return r;
}

void add_routine(Catalog& out, Routine r, const SourceLocation& where, const Fields& f) {
  r.where = where;
  const std::string key = r.name + "(" + r.arguments + ")";
  if (out.routines.count(key)) {
    f.error(where, f.what() + " is declared twice with the same arguments");
    return;
  }
  out.routines.emplace(key, std::move(r));
}

}  // namespace

void for_each_overload(const Fields& top, std::string_view key, const std::string& kind,
                       const std::vector<std::string>& known, const OverloadVisitor& visit) {
  const toml::node* node = top.get(key);
  if (!node) return;
  const toml::table* objects = node->as_table();
  if (!objects) {
    top.wrong_type(key, *node, "a table");
    return;
  }
  for (auto&& [name, body] : *objects) {
    const SourceLocation where = location(top.file(), name.source());
    const std::string object_name(name.str());
    if (!check_name(object_name, kind + " name", where, top.diagnostics())) continue;
    const std::string what = kind + " '" + object_name + "'";
    if (const toml::table* table = body.as_table()) {
      visit(Fields(*table, what, known, top.file(), top.diagnostics()), object_name, where);
      continue;
    }
    const toml::array* overloads = body.as_array();
    if (!overloads || !overloads->is_array_of_tables()) {
      top.error(top.at(body), std::string(key) + "." + object_name +
                                  " must be a table, or an array of tables (one per overload)");
      continue;
    }
    std::size_t ordinal = 0;
    for (const toml::node& overload : *overloads) {
      visit(Fields(*overload.as_table(), what + " #" + std::to_string(++ordinal), known, top.file(),
                   top.diagnostics()),
            object_name, location(top.file(), overload.source()));
    }
  }
}

void read_routines(const Fields& top, std::string_view key, Catalog& out) {
  const bool procedures = key == "procedures";
  for_each_overload(top, key, procedures ? "procedure" : "function",
                    procedures ? keys::procedure : keys::function,
                    [&](const Fields& f, const std::string& name, const SourceLocation& where) {
                      add_routine(out, read_routine(f, name, procedures), where, f);
                    });
}

}  // namespace recon::declare
