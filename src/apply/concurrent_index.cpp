#include "apply/concurrent_index.hpp"

#include <regex>

#include "catalog/identifier.hpp"

namespace recon::apply {

IndexState index_state(pqxx::transaction_base& txn, const std::string& schema,
                       const std::string& index) {
  const auto rows = txn.exec_params(
      "SELECT i.indisvalid FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = "
      "i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
      "$1 AND c.relname = $2",
      schema, index);
  if (rows.empty()) return {};
  return {true, rows[0][0].as<bool>()};
}

std::string drop_index_sql(const std::string& schema, const std::string& index) {
  return "DROP INDEX CONCURRENTLY IF EXISTS " + qualified(schema, index);
}

std::optional<std::string> concurrent_index_name(const std::string& sql) {
  static const std::regex pattern(
      R"(^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?)"
      R"(("(?:[^"]|"")+"|[A-Za-z_\x80-\xff][A-Za-z0-9_$\x80-\xff]*)\s+ON\s)",
      std::regex::icase | std::regex::ECMAScript);
  std::smatch m;
  if (!std::regex_search(sql, m, pattern)) return std::nullopt;
  auto token = read_identifier(m[1].str());
  if (!token) return std::nullopt;
  return std::move(token->name);
}

}  // namespace recon::apply
