#include "run/schema_steps.hpp"

#include "catalog/identifier.hpp"

namespace recon::run {
namespace {

void replace_every(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

StepScope scope_of(const Step& step, const std::string& schema) {
  if (step.summary.starts_with("+ extension ")) return StepScope::extension;
  const std::string own = " schema " + schema;
  const auto names_own = [&](char sign) {
    const std::string prefix = sign + own;
    // "+ schema app" but not "+ schema app2": the name ends the summary or a ':' follows it.
    return step.summary.starts_with(prefix) &&
           (step.summary.size() == prefix.size() || step.summary[prefix.size()] == ':');
  };
  if (names_own('+') || names_own('~')) return StepScope::schema;
  // Privileges on the schema, and its default privileges, name it in their SQL.
  const bool grant = step.summary.starts_with("+ grant ") || step.summary.starts_with("- grant ");
  const bool defaults = step.summary.starts_with("+ default privilege ") ||
                        step.summary.starts_with("- default privilege ");
  if ((grant && step.sql.find(" ON SCHEMA " + quote_ident(schema)) != std::string::npos) ||
      (defaults && step.sql.find(" IN SCHEMA " + quote_ident(schema)) != std::string::npos))
    return StepScope::schema;
  return StepScope::objects;
}

Step retargeted(Step step, const std::string& from, const std::string& to) {
  for (const std::string prefix : {"SCHEMA IF NOT EXISTS ", "ON SCHEMA ", "IN SCHEMA "})
    replace_every(step.sql, prefix + quote_ident(from), prefix + quote_ident(to));
  return step;
}

}  // namespace recon::run
