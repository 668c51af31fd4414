// What every per-kind loader of the introspect stage shares: the transaction, the schemas being
// read (by namespace oid), the relations to leave out, and the SQL snippets that keep every
// query filtered and printed the same way.
//
// Queries name system catalogs and functions unqualified: pg_catalog is searched first whatever
// the search path, unless the path names it explicitly, which the introspect stage never does.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "catalog/catalog.hpp"
#include "introspect/introspect.hpp"

namespace recon::introspect::detail {

using Oid = unsigned int;

class Session {
 public:
  Session(pqxx::transaction_base& txn, std::vector<std::string> ignored, bool several_schemas,
          Stats* stats);

  // Runs one catalog query and counts it in Stats::queries.
  pqxx::result query(const std::string& sql);

  pqxx::transaction_base& txn() { return txn_; }

  // Registers a schema found in pg_namespace; rows name their schema by namespace oid.
  void add_schema(Oid namespace_oid, Catalog& catalog);
  bool has_schemas() const { return !catalogs_.empty(); }
  // The catalog a row belongs to, from its `nsp` column (a namespace oid).
  Catalog& catalog(const pqxx::row& row) const;
  Catalog& catalog(const pqxx::field& nsp) const;

  // SQL: the namespace oids being read, as an oid[] literal.
  std::string namespaces() const;
  // SQL condition: relation `alias` (a pg_class row) lives in a schema being read, is not
  // ignored and does not belong to an extension (extensions are reported as a whole).
  std::string relation_filter(std::string_view alias) const;
  // SQL condition: object `oid` of system catalog `catalog` (e.g. "pg_proc") is not part of an
  // extension.
  static std::string not_in_extension(std::string_view catalog, std::string_view oid);

  // SQL: `expression` printed as seen from the schema of namespace oid `namespace_oid`.
  //
  // Postgres prints a name unqualified when the search path finds it, so the text depends on the
  // search path. With one schema the transaction's SET LOCAL does it. With several, a query per
  // schema would make the number of queries grow with the tenants, so each printed value sets
  // the search path of its own row first: CASE evaluates its condition before its result, and
  // set_config is volatile, so the planner neither folds nor reorders it. Cost: one set_config
  // per printed value (measured: negligible next to the printing itself).
  std::string printed(std::string_view expression, std::string_view namespace_oid) const;

 private:
  pqxx::transaction_base& txn_;
  std::map<Oid, Catalog*> catalogs_;
  std::vector<std::string> ignored_;
  bool several_schemas_;
  Stats* stats_;
};

// Field readers: NULL becomes an empty optional / an empty vector.
std::optional<std::string> optional_text(const pqxx::field& field);
// A JSON array of strings (the queries send name arrays as array_to_json: no quoting rules to
// get wrong for names holding commas, quotes or braces).
std::vector<std::string> json_strings(const pqxx::field& field);

// Loaders of many rows read fields by number, looked up once per result: row["name"] looks the
// name up among the result's columns (PQfnumber) at every access, which was half of the
// client's work at 5,000 tables.
//
// The field numbers of the columns seq_type, seqstart, seqincrement, seqmin, seqmax, seqcache and
// seqcycle (pg_sequence's names).
struct SequenceFields {
  explicit SequenceFields(const pqxx::result& result);
  pqxx::row::size_type seq_type, seqstart, seqincrement, seqmin, seqmax, seqcache, seqcycle;
};

// The options of a sequence from the columns of SequenceFields.
SequenceOptions sequence_options(const pqxx::row& row, const SequenceFields& f);

// How the catalog refers to a collation or operator class: unqualified when it lives in
// pg_catalog or in the catalog's own schema, qualified otherwise; always quoted as needed.
std::string object_name(const Catalog& catalog, const std::string& object_schema,
                        const std::string& name);

}  // namespace recon::introspect::detail
