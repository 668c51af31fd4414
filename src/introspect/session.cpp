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
  return catalog(row["nsp"]);
}

Catalog& Session::catalog(const pqxx::field& nsp) const {
  const auto found = catalogs_.find(nsp.as<Oid>());
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
  // A membership ('e') always references the extension, so the refclassid condition changes no
  // result; it lets the planner read the few membership rows through pg_depend's reference
  // index instead of scanning all of pg_depend for every such condition (about 20 per session).
  return fmt::format(
      "NOT EXISTS (SELECT FROM pg_depend ext WHERE ext.refclassid = 'pg_extension'::regclass "
      "AND ext.classid = '{}'::regclass AND ext.objid = {} AND ext.deptype = 'e')",
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

SequenceFields::SequenceFields(const pqxx::result& result)
    : seq_type(result.column_number("seq_type")),
      seqstart(result.column_number("seqstart")),
      seqincrement(result.column_number("seqincrement")),
      seqmin(result.column_number("seqmin")),
      seqmax(result.column_number("seqmax")),
      seqcache(result.column_number("seqcache")),
      seqcycle(result.column_number("seqcycle")) {}

SequenceOptions sequence_options(const pqxx::row& row, const SequenceFields& f) {
  SequenceOptions o;
  o.data_type = row[f.seq_type].as<std::string>();
  o.start = row[f.seqstart].as<std::int64_t>();
  o.increment = row[f.seqincrement].as<std::int64_t>();
  o.min_value = row[f.seqmin].as<std::int64_t>();
  o.max_value = row[f.seqmax].as<std::int64_t>();
  o.cache = row[f.seqcache].as<std::int64_t>();
  o.cycle = row[f.seqcycle].as<bool>();
  return o;
}

std::string object_name(const Catalog& catalog, const std::string& object_schema,
                        const std::string& name) {
  if (object_schema == "pg_catalog" || object_schema == catalog.schema) return quote_ident(name);
  return qualified(object_schema, name);
}

}  // namespace recon::introspect::detail
