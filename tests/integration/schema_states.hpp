#pragma once

// Helpers shared by the round-trip and convergence tests: building a state by hand-written SQL
// in a test database, normalizing a TOML declaration through the dev server, and comparing
// catalogs by their canonical JSON with both dumps (and a JSON patch between them) on failure.

#include <catch2/catch.hpp>

#include <algorithm>
#include <future>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "catalog/catalog.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "declare/declare.hpp"
#include "introspect/introspect.hpp"
#include "pg/dev_server.hpp"
#include "plan/normalize.hpp"
#include "support/test_database.hpp"

namespace recon::testing {

// One dev server for the whole test process, on the test server (no second cluster).
inline pg::DevServer& dev_server() {
  static pg::DevServer dev(server_url());
  return dev;
}

// TOML text to the catalog it declares, not normalized. The file is "app.toml": the schema is
// "app" unless the text says otherwise.
inline Catalog parsed(std::string_view toml) {
  return declare::parse_declaration(toml, "app.toml");
}

// The normalized declaration, computed on another thread (in its own scratch database) while
// the caller builds the other side of the comparison; get() rethrows what normalize threw.
// Only one normalization runs at a time: the dev server is not shared between threads.
// The dev server (and the test cluster behind it) is started here, on the caller's thread: a
// cluster started by the worker thread would get its parent-death signal when that thread ends.
inline std::future<Catalog> normalized_async(Catalog declared) {
  pg::DevServer& dev = dev_server();
  return std::async(std::launch::async, [declared = std::move(declared), &dev] {
    return plan::normalize(declared, dev);
  });
}

// TOML text to the normalized catalog it declares.
inline Catalog declared(std::string_view toml) {
  return plan::normalize(parsed(toml), dev_server());
}

// Runs hand-written SQL in `schema` (created first unless `create_schema` is false), with the
// search path set to it, in one transaction.
inline void run_sql(pqxx::connection& conn, const std::string& schema, const std::string& sql,
                    bool create_schema = true) {
  pqxx::work txn(conn);
  if (create_schema) txn.exec("CREATE SCHEMA IF NOT EXISTS " + quote_ident(schema));
  txn.exec("SET LOCAL search_path TO " + quote_ident(schema));
  if (!sql.empty()) txn.exec(sql);
  txn.commit();
}

inline Catalog introspected(pqxx::connection& conn, const std::string& schema,
                            const std::vector<std::string>& ignored = {}, bool privileges = false) {
  introspect::Options options;
  options.ignored = ignored;
  options.privileges = privileges;
  return introspect::introspect_schema(conn, schema, options);
}

// The canonical JSON with every table's columns sorted by name: for the states where recon
// legitimately appends a column that the declaration puts in the middle.
inline nlohmann::json ignoring_column_order(nlohmann::json j) {
  for (auto& [name, table] : j["tables"].items()) {
    auto& columns = table["columns"];
    std::sort(columns.begin(), columns.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
      return a["name"] < b["name"];
    });
  }
  return j;
}

// CHECKs that the two catalogs have the same canonical form and fingerprint; on failure the
// report shows the patch from `expected` to `actual` and both dumps.
inline void check_same_catalog(const Catalog& actual, const std::string& actual_what,
                               const Catalog& expected, const std::string& expected_what,
                               bool any_column_order = false) {
  nlohmann::json a = canonical_json(actual);
  nlohmann::json b = canonical_json(expected);
  if (any_column_order) {
    a = ignoring_column_order(a);
    b = ignoring_column_order(b);
  }
  INFO("JSON patch from " << expected_what << " to " << actual_what << ":\n"
                          << nlohmann::json::diff(b, a).dump(2));
  INFO(actual_what << ":\n" << a.dump(2));
  INFO(expected_what << ":\n" << b.dump(2));
  CHECK(a == b);
  if (!any_column_order) CHECK(fingerprint(actual) == fingerprint(expected));
}

}  // namespace recon::testing
