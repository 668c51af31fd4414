#include "apply/connection.hpp"

#include <algorithm>

#include "catalog/identifier.hpp"

namespace recon::apply {

std::string application_name_sql(const std::string& application_name) {
  // Postgres keeps the first 63 bytes (NAMEDATALEN - 1): cut there, not inside a character.
  return "SET application_name TO " +
         quote_literal(clipped(application_name, max_identifier_bytes));
}

std::unique_ptr<pqxx::connection> connect(const std::string& url,
                                          const std::string& application_name) {
  auto conn = std::make_unique<pqxx::connection>(url);
  pqxx::nontransaction txn(*conn);
  txn.exec(application_name_sql(application_name));
  return conn;
}

}  // namespace recon::apply
