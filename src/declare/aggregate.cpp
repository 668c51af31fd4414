// Aggregates: [aggregates.NAME], or [[aggregates.NAME]] once per overload.
#include "catalog/identifier.hpp"
#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

// A function named in SQL: "f", "other.f" or quoted parts; reported when it is not one.
std::optional<std::string> function_name(const Fields& f, std::string_view key, bool required) {
  const auto text = f.located_text(key);
  if (!text) {
    if (required && !f.get(key)) f.missing(key);
    return std::nullopt;
  }
  std::string_view rest = text->value;
  for (bool more = true; more;) {
    const auto part = read_identifier(rest);
    if (!part) break;
    rest.remove_prefix(part->length);
    more = !rest.empty() && rest.front() == '.';
    if (more) rest.remove_prefix(1);
  }
  if (!rest.empty() || text->value.empty()) {
    f.error(text->where, "'" + std::string(key) + "' " + f.context() +
                             " must name a function (\"name\" or \"schema.name\"), not '" +
                             text->value + "'");
    return std::nullopt;
  }
  return text->value;
}

Aggregate read_aggregate(const Fields& f, const std::string& name) {
  Aggregate a;
  a.name = name;
  a.arguments = f.sql("arguments", SqlShape::clause).value_or("");
  a.state_function = function_name(f, "state_function", true).value_or("");
  a.state_type = f.required_sql("state_type");
  a.final_function = function_name(f, "final_function", false);
  a.combine_function = function_name(f, "combine_function", false);
  a.initial_value = f.text("initial_value");
  a.parallel = f.choice("parallel", {"unsafe", "restricted", "safe"}).value_or("unsafe");
  a.comment = f.comment();
  return a;
}

}  // namespace

void read_aggregates(const Fields& top, Catalog& out) {
  for_each_overload(top, "aggregates", "aggregate", keys::aggregate,
                    [&](const Fields& f, const std::string& name, const SourceLocation& where) {
                      Aggregate a = read_aggregate(f, name);
                      a.where = where;
                      const std::string key = name + "(" + a.arguments + ")";
                      if (out.aggregates.count(key))
                        f.error(where, f.what() + " is declared twice with the same arguments");
                      else
                        out.aggregates.emplace(key, std::move(a));
                    });
}

}  // namespace recon::declare
