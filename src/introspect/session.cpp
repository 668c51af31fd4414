#include "introspect/session.hpp"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalog/identifier.hpp"

namespace recon::introspect::detail {

Session::Session(pqxx::transaction_base& txn, std::vector<std::string> ignored,
                 bool several_schemas, Stats* stats)
    : txn_(txn), ignored_(std::move(ignored)), several_schemas_(several_schemas), stats_(stats) {}

pqxx::result Session::query(const std::string& sql) {
  if (stats_ != nullptr) ++stats_->queries;
  return txn_.exec(sql);
}

void Session::add_schema(Oid namespace_oid, Catalog& catalog) {
  catalogs_[namespace_oid] = &catalog;
}

Catalog& Session::catalog(const pqxx::row& row) const {
  const auto found = catalogs_.find(row["nsp"].as<Oid>());
  // Every query filters on namespaces(): a row from elsewhere is a bug in a query.
  if (found == catalogs_.end()) throw std::logic_error("introspect: row from an unknown schema");
  return *found->second;
}

std::string Session::namespaces() const {
  std::string list;
  for (const auto& [oid, catalog] : catalogs_) {
    if (!list.empty()) list += ',';
    list += std::to_string(oid);
  }
  return "'{" + list + "}'::oid[]";
}

std::string Session::relation_filter(std::string_view alias) const {
  std::string ignored;
  for (const auto& name : ignored_) {
    if (!ignored.empty()) ignored += ", ";
    ignored += txn_.quote(name);
  }
  return fmt::format(
      "{0}.relnamespace = ANY ({1}) AND {0}.relname <> ALL (ARRAY[{2}]::text[]) AND {3}", alias,
      namespaces(), ignored, not_in_extension("pg_class", std::string(alias) + ".oid"));
}

std::string Session::not_in_extension(std::string_view catalog, std::string_view oid) {
  return fmt::format(
      "NOT EXISTS (SELECT FROM pg_depend ext WHERE ext.classid = "
      "'{}'::regclass AND ext.objid = {} AND ext.deptype = 'e')",
      catalog, oid);
}

std::string Session::printed(std::string_view expression, std::string_view namespace_oid) const {
  if (!several_schemas_) return std::string(expression);
  return fmt::format(
      "CASE WHEN set_config('search_path', "
      "({}::regnamespace)::text, true) IS NOT NULL THEN {} END",
      namespace_oid, expression);
}

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<std::string>();
}

std::vector<std::string> json_strings(const pqxx::field& field) {
  if (field.is_null()) return {};
  return nlohmann::json::parse(field.c_str()).get<std::vector<std::string>>();
}

SequenceOptions sequence_options(const pqxx::row& row) {
  SequenceOptions o;
  o.data_type = row["seq_type"].as<std::string>();
  o.start = row["seqstart"].as<std::int64_t>();
  o.increment = row["seqincrement"].as<std::int64_t>();
  o.min_value = row["seqmin"].as<std::int64_t>();
  o.max_value = row["seqmax"].as<std::int64_t>();
  o.cache = row["seqcache"].as<std::int64_t>();
  o.cycle = row["seqcycle"].as<bool>();
  return o;
}

std::string object_name(const Catalog& catalog, const std::string& object_schema,
                        const std::string& name) {
  if (object_schema == "pg_catalog" || object_schema == catalog.schema) return quote_ident(name);
  return qualified(object_schema, name);
}

}  // namespace recon::introspect::detail
