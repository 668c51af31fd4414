// Indexes of tables and materialized views that do not back a constraint (those come with the
// constraint). An index of a partition attached to its parent's index is left out too: it comes
// with the parent. One row per index key, grouped back into indexes here.
#include <fmt/format.h>

#include "introspect/loaders.hpp"
#include "introspect/settled.hpp"

namespace recon::introspect::detail {
namespace {

std::string indexes_query(const Session& s) {
  // indclass, indcollation and indoption cover the key columns only: past indnkeyatts the
  // subscripts give NULL. A key's collation is worth reporting only when it differs from the
  // key's own: the column's, or for an expression the default of its type (the index's own
  // attribute has the expression's type).
  //
  // Per-key lookups are scalar subqueries on purpose: as joins, the planner hashes all of
  // pg_attribute (twice) for what are a few index probes per key.
  return fmt::format(
      R"(
    SELECT c.relnamespace AS nsp, c.relname AS relation, c.relkind AS relation_kind,
           x.indexrelid AS index_oid, ic.relname AS name, am.amname AS method,
           x.indisunique AS is_unique, x.indnullsnotdistinct AS nulls_not_distinct,
           CASE WHEN x.indpred IS NOT NULL THEN {predicate} END AS predicate,
           d.description AS comment,
           k.pos >= x.indnkeyatts AS included,
           (SELECT a.attname FROM pg_attribute a
            WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k.pos]) AS column_name,
           CASE WHEN x.indkey[k.pos] = 0 THEN {expression} END AS expression,
           CASE WHEN NOT opc.opcdefault THEN opc.opcname END AS opclass,
           opcn.nspname AS opclass_schema,
           coll.collname AS collation, colln.nspname AS collation_schema,
           coalesce(x.indoption[k.pos] & 1 = 1, false) AS descending,
           coalesce(x.indoption[k.pos] & 2 = 2, false) AS nulls_first
    FROM pg_index x
    JOIN pg_class ic ON ic.oid = x.indexrelid
    JOIN pg_class c ON c.oid = x.indrelid
    JOIN pg_am am ON am.oid = ic.relam
    CROSS JOIN LATERAL generate_series(0, x.indnatts - 1) AS k(pos)
    LEFT JOIN pg_opclass opc ON opc.oid = x.indclass[k.pos]
    LEFT JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
    LEFT JOIN pg_collation coll ON coll.oid = x.indcollation[k.pos]
      AND x.indcollation[k.pos] <> CASE WHEN x.indkey[k.pos] <> 0
        THEN (SELECT a.attcollation FROM pg_attribute a
              WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k.pos])
        ELSE (SELECT t.typcollation FROM pg_attribute ia JOIN pg_type t ON t.oid = ia.atttypid
              WHERE ia.attrelid = x.indexrelid AND ia.attnum = k.pos + 1) END
    LEFT JOIN pg_namespace colln ON colln.oid = coll.collnamespace
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_class'::regclass AND d.objoid = ic.oid AND d.objsubid = 0
    WHERE c.relkind IN ('r', 'p', 'm') AND {filter}
      AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = x.indexrelid
                      AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
      AND NOT EXISTS (SELECT FROM pg_inherits h WHERE h.inhrelid = x.indexrelid)
    ORDER BY x.indexrelid, k.pos)",
      fmt::arg("predicate",
               s.printed("pg_get_expr(x.indpred, x.indrelid, true)", "c.relnamespace")),
      fmt::arg("expression",
               s.printed("pg_get_indexdef(x.indexrelid, k.pos + 1, true)", "c.relnamespace")),
      fmt::arg("filter", s.relation_filter("c")));
}

// Field numbers of the indexes query, looked up once per result (see SequenceFields).
struct IndexFields {
  explicit IndexFields(const pqxx::result& r)
      : nsp(r.column_number("nsp")),
        relation(r.column_number("relation")),
        relation_kind(r.column_number("relation_kind")),
        index_oid(r.column_number("index_oid")),
        name(r.column_number("name")),
        method(r.column_number("method")),
        is_unique(r.column_number("is_unique")),
        nulls_not_distinct(r.column_number("nulls_not_distinct")),
        predicate(r.column_number("predicate")),
        comment(r.column_number("comment")),
        included(r.column_number("included")),
        column_name(r.column_number("column_name")),
        expression(r.column_number("expression")),
        opclass(r.column_number("opclass")),
        opclass_schema(r.column_number("opclass_schema")),
        collation(r.column_number("collation")),
        collation_schema(r.column_number("collation_schema")),
        descending(r.column_number("descending")),
        nulls_first(r.column_number("nulls_first")) {}
  pqxx::row::size_type nsp, relation, relation_kind, index_oid, name, method, is_unique,
      nulls_not_distinct, predicate, comment, included, column_name, expression, opclass,
      opclass_schema, collation, collation_schema, descending, nulls_first;
};

IndexKey key_of(const Catalog& catalog, const pqxx::row& row, const IndexFields& f) {
  IndexKey key;
  key.column = row[f.column_name].is_null() ? "" : row[f.column_name].as<std::string>();
  key.expression =
      row[f.expression].is_null() ? "" : settled_expression(row[f.expression].as<std::string>());
  if (!row[f.opclass].is_null()) {
    key.opclass = object_name(catalog, row[f.opclass_schema].as<std::string>(),
                              row[f.opclass].as<std::string>());
  }
  if (!row[f.collation].is_null()) {
    key.collation = object_name(catalog, row[f.collation_schema].as<std::string>(),
                                row[f.collation].as<std::string>());
  }
  key.descending = row[f.descending].as<bool>();
  key.nulls_first = row[f.nulls_first].as<bool>();
  return key;
}

Index index_of(const pqxx::row& row, const IndexFields& f) {
  Index index;
  index.name = row[f.name].as<std::string>();
  index.method = row[f.method].as<std::string>();
  index.unique = row[f.is_unique].as<bool>();
  index.nulls_not_distinct = row[f.nulls_not_distinct].as<bool>();
  index.where = optional_text(row[f.predicate]);
  if (index.where) index.where = settled_expression(*index.where);
  index.comment = optional_text(row[f.comment]);
  return index;
}

// The index list of the relation a row belongs to, or nullptr when that relation is unknown.
std::vector<Index>* indexes_of(Catalog& catalog, const pqxx::row& row, const IndexFields& f) {
  const auto relation = row[f.relation].as<std::string>();
  if (row[f.relation_kind].as<std::string>() == "m") {
    const auto view = catalog.views.find(relation);
    return view == catalog.views.end() ? nullptr : &view->second.indexes;
  }
  const auto table = catalog.tables.find(relation);
  return table == catalog.tables.end() ? nullptr : &table->second.indexes;
}

}  // namespace

void load_indexes(Session& session) {
  // Rows come ordered by index and key position: a new index starts when the oid changes.
  const auto rows = session.query(indexes_query(session));
  const IndexFields f(rows);
  Index* current = nullptr;
  Oid current_oid = 0;
  for (const auto& row : rows) {
    Catalog& catalog = session.catalog(row[f.nsp]);
    auto* indexes = indexes_of(catalog, row, f);
    if (indexes == nullptr) continue;
    if (current == nullptr || row[f.index_oid].as<Oid>() != current_oid) {
      indexes->push_back(index_of(row, f));
      current = &indexes->back();
      current_oid = row[f.index_oid].as<Oid>();
    }
    if (row[f.included].as<bool>()) {
      current->include.push_back(row[f.column_name].as<std::string>());
    } else {
      current->keys.push_back(key_of(catalog, row, f));
    }
  }
}

}  // namespace recon::introspect::detail
