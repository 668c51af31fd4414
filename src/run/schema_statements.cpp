#include "run/schema_statements.hpp"

#include <string_view>

#include "catalog/identifier.hpp"

namespace recon::run {

std::string search_path_sql(const std::string& schema, bool local) {
  return std::string(local ? "SET LOCAL search_path TO " : "SET search_path TO ") +
         quote_ident(schema);
}

bool creates_schema(const std::string& schema, const std::string& sql) {
  std::string_view text(sql);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == ';'))
    text.remove_suffix(1);
  return text == "CREATE SCHEMA IF NOT EXISTS " + quote_ident(schema);
}

bool creates_existing_schema(pqxx::transaction_base& txn, const std::string& schema,
                             const std::string& sql) {
  if (!creates_schema(schema, sql)) return false;
  return !txn.exec_params("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).empty();
}

}  // namespace recon::run
