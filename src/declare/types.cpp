// Enums and domains: the types a schema declares.
#include <unordered_map>
#include <unordered_set>

#include "catalog/identifier.hpp"
#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

using Seen = std::unordered_map<std::string, SourceLocation>;

void read_values(const Fields& f, EnumType& type, Seen& seen) {
  if (!f.get("values")) f.missing("values");
  for (const auto& value : f.strings("values").value_or(std::vector<Located<std::string>>{})) {
    // Labels live in a `name` column: Postgres refuses longer ones rather than truncating.
    if (value.value.size() > max_identifier_bytes)
      f.error(value.where, "value '" + value.value + "' " + f.context() + " is " +
                               std::to_string(value.value.size()) +
                               " bytes long: Postgres allows at most 63 bytes in an enum label");
    auto [first, inserted] = seen.emplace(value.value, value.where);
    if (!inserted) {
      f.error(value.where, "value '" + value.value + "' appears twice " + f.context() +
                               " (first at " + describe(first->second) + ")");
      continue;
    }
    type.values.push_back(value.value);
  }
}

// renamed_values = { new = "old" }: a hint that lets diff rename a label instead of
// recreating the type.
void read_renamed_values(const Fields& f, EnumType& type, const Seen& values) {
  const toml::node* node = f.get("renamed_values");
  if (!node) return;
  const toml::table* renames = node->as_table();
  if (!renames) {
    f.wrong_type("renamed_values", *node, "a table of new value = \"old value\"");
    return;
  }
  for (auto&& [key, old] : *renames) {
    const std::string renamed(key.str());
    const SourceLocation where = location(f.file(), key.source());
    if (!old.is_string()) {
      f.error(f.at(old), "the old value of '" + renamed + "' in 'renamed_values' " + f.context() +
                             " must be a string, not " + describe_type(old));
      continue;
    }
    const std::string& previous = old.as_string()->get();
    if (!values.contains(renamed)) {
      std::vector<std::string> candidates(type.values.begin(), type.values.end());
      f.error(where, "'renamed_values' " + f.context() + " renames to '" + renamed +
                         "', which is not one of its values" + did_you_mean(renamed, candidates));
      continue;
    }
    if (values.contains(previous)) {
      f.error(f.at(old), "'renamed_values' " + f.context() + " renames '" + previous +
                             "', which is still one of its values");
      continue;
    }
    type.value_renamed_from[renamed] = previous;
  }
}

DomainCheck read_domain_check(const toml::node& node, const Fields& domain, std::size_t ordinal) {
  if (const auto* text = node.as_string()) {
    if (text->get().find_first_not_of(" \t\r\n") == std::string::npos)
      domain.error(domain.at(node),
                   "check #" + std::to_string(ordinal) + " " + domain.context() + " is empty");
    else
      domain.check_sql(text->get(), domain.at(node),
                       "check #" + std::to_string(ordinal) + " " + domain.context());
    return {"", text->get(), false};
  }
  const Fields f(*node.as_table(), describe_element("check", node, ordinal, domain.what()),
                 keys::domain_check, domain.file(), domain.diagnostics());
  DomainCheck check;
  if (auto name = f.located_text("name")) {
    check_name(name->value, "check name", name->where, f.diagnostics());
    check.name = name->value;
  }
  check.expression = f.required_sql("expression");
  check.not_valid = f.flag("not_valid").value_or(false);
  return check;
}

void read_domain_checks(const Fields& f, Domain& domain) {
  Seen names;
  for_each_element(f, "checks", true, [&](const toml::node& node, std::size_t ordinal) {
    DomainCheck check = read_domain_check(node, f, ordinal);
    if (!check.name.empty()) {
      const SourceLocation where = location(f.file(), node.as_table()->get("name")->source());
      auto [first, inserted] = names.emplace(std::string(truncated(check.name)), where);
      if (!inserted)
        f.error(where, "check '" + check.name + "' appears twice " + f.context() + " (first at " +
                           describe(first->second) + ")");
    }
    domain.checks.push_back(std::move(check));
  });
}

}  // namespace

void read_enum(const Named& named, const std::string& file, Catalog& out,
               Diagnostics& diagnostics) {
  const Fields f(named.body, "enum '" + named.name + "'", keys::enum_type, file, diagnostics);
  EnumType type;
  type.name = named.name;
  type.where = named.where;
  type.comment = f.comment();
  Seen values;
  read_values(f, type, values);
  read_renamed_values(f, type, values);
  out.enums.emplace(named.name, std::move(type));
}

void read_domain(const Named& named, const std::string& file, Catalog& out,
                 Diagnostics& diagnostics) {
  const Fields f(named.body, "domain '" + named.name + "'", keys::domain, file, diagnostics);
  Domain domain;
  domain.name = named.name;
  domain.where = named.where;
  domain.base_type = f.required_sql("type");
  domain.not_null = !f.flag("nullable").value_or(true);
  domain.default_expr = f.sql("default");
  domain.collation = f.sql("collation");
  domain.comment = f.comment();
  read_domain_checks(f, domain);
  out.domains.emplace(named.name, std::move(domain));
}

}  // namespace recon::declare
