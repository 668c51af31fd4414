#include "plan/normalize.hpp"

#include <map>
#include <pqxx/pqxx>
#include <set>

#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "diff/diff.hpp"
#include "introspect/introspect.hpp"
#include "plan/order.hpp"

namespace recon::plan {

StepFailed::StepFailed(std::size_t index_, std::string summary_, std::string sql_,
                       std::string message)
    : std::runtime_error(message),
      index(index_),
      summary(std::move(summary_)),
      sql(std::move(sql_)),
      postgres_message(std::move(message)) {}

namespace {

// Tables of other schemas that foreign keys reference, stood in for by tables with just the
// referenced columns (typed like the referencing ones) and a unique key on them.
std::string stub_foreign_tables(const Catalog& declared) {
  struct Stub {
    std::map<std::string, std::string> columns;
    std::set<std::vector<std::string>> keys;
  };
  std::map<std::pair<std::string, std::string>, Stub> stubs;
  for (const auto& [name, table] : declared.tables) {
    for (const auto& c : table.constraints) {
      const auto& ref = c.references;
      if (c.kind != ConstraintKind::foreign_key || ref.schema.empty() ||
          ref.schema == declared.schema)
        continue;
      auto& stub = stubs[{ref.schema, ref.table}];
      for (std::size_t i = 0; i < ref.columns.size() && i < c.columns.size(); ++i) {
        for (const auto& column : table.columns) {
          if (column.name == c.columns[i]) stub.columns.emplace(ref.columns[i], column.type);
        }
      }
      stub.keys.insert(ref.columns);
    }
  }
  std::string sql;
  for (const auto& [where, stub] : stubs) {
    sql += "CREATE SCHEMA IF NOT EXISTS " + quote_ident(where.first) + ";\n";
    std::string columns;
    for (const auto& [column, type] : stub.columns) {
      columns += (columns.empty() ? "" : ", ") + quote_ident(column) + " " + type;
    }
    sql += "CREATE TABLE " + qualified(where.first, where.second) + " (" + columns + ");\n";
    for (const auto& key : stub.keys) {
      std::string list;
      for (const auto& column : key) list += (list.empty() ? "" : ", ") + quote_ident(column);
      sql +=
          "ALTER TABLE " + qualified(where.first, where.second) + " ADD UNIQUE (" + list + ");\n";
    }
  }
  return sql;
}

void run_one_by_one(pqxx::connection& conn, const std::string& schema,
                    const std::vector<Change>& steps) {
  pqxx::work txn(conn);
  txn.exec("SET LOCAL search_path TO " + quote_ident(schema));
  for (std::size_t i = 0; i < steps.size(); ++i) {
    txn.exec("SAVEPOINT step");
    try {
      txn.exec(steps[i].sql);
    } catch (const pqxx::sql_error& e) {
      throw StepFailed(i, steps[i].summary, steps[i].sql, e.what());
    }
  }
}

// One round trip for the whole declaration; only when Postgres rejects it are the steps run
// one at a time to find the one at fault.
void create_declared(pqxx::connection& conn, const Catalog& declared,
                     const std::vector<Change>& steps) {
  std::string script = stub_foreign_tables(declared);
  script += "SET LOCAL search_path TO " + quote_ident(declared.schema) + ";\n";
  for (const auto& step : steps) script += step.sql + "\n";
  try {
    pqxx::work txn(conn);
    txn.exec(script);
    txn.commit();
    return;
  } catch (const pqxx::sql_error&) {
  }
  try {
    pqxx::work stubs(conn);
    stubs.exec(stub_foreign_tables(declared));
    stubs.commit();
    run_one_by_one(conn, declared.schema, steps);
  } catch (const StepFailed& failed) {
    const Change& step = steps[failed.index];
    std::string message = failed.postgres_message;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    throw InputError({{step.where, step.object + ": PostgreSQL rejects it: " + message}});
  }
}

void copy_hints(const Catalog& declared, Catalog& normalized) {
  normalized.ignored = declared.ignored;
  for (auto& [name, table] : normalized.tables) {
    auto found = declared.tables.find(name);
    if (found == declared.tables.end()) continue;
    table.renamed_from = found->second.renamed_from;
    table.where = found->second.where;
    for (auto& column : table.columns) {
      for (const auto& declared_column : found->second.columns) {
        if (declared_column.name != column.name) continue;
        column.renamed_from = declared_column.renamed_from;
        column.where = declared_column.where;
      }
    }
  }
  for (auto& [name, e] : normalized.enums) {
    auto found = declared.enums.find(name);
    if (found == declared.enums.end()) continue;
    e.value_renamed_from = found->second.value_renamed_from;
    e.where = found->second.where;
  }
}

std::string joined_columns(const Index& index) {
  std::string out;
  for (const auto& k : index.keys)
    out += (out.empty() ? "" : "_") + (k.column.empty() ? "expr" : k.column);
  return out;
}

// Postgres's naming rule (makeObjectName): shorten the longer part until the name fits.
std::string object_name(std::string table, std::string columns, const std::string& label) {
  const std::size_t room = max_identifier_bytes - label.size() - 2;
  while (table.size() + columns.size() > room) {
    if (table.size() > columns.size())
      table.pop_back();
    else
      columns.pop_back();
  }
  return table + "_" + columns + "_" + label;
}

// A comment needs a name to be attached by: unnamed objects that carry one get the name
// Postgres would have chosen.
Catalog name_commented_objects(Catalog catalog) {
  for (auto& [name, table] : catalog.tables) {
    for (auto& index : table.indexes) {
      if (index.name.empty() && index.comment)
        index.name = object_name(name, joined_columns(index), "idx");
    }
    for (auto& c : table.constraints) {
      if (!c.name.empty() || !c.comment) continue;
      std::string columns;
      for (const auto& column : c.columns) columns += (columns.empty() ? "" : "_") + column;
      const char* label = c.kind == ConstraintKind::primary_key   ? "pkey"
                          : c.kind == ConstraintKind::unique      ? "key"
                          : c.kind == ConstraintKind::foreign_key ? "fkey"
                          : c.kind == ConstraintKind::exclude     ? "excl"
                                                                  : "check";
      c.name = c.kind == ConstraintKind::primary_key ? name + "_pkey"
                                                     : object_name(name, columns, label);
    }
  }
  return catalog;
}

// Postgres does not always print a CHECK expression the way it prints it once that print is
// read back: `v IN ('a', 'b')` on a varchar column prints as `((v)::text = ANY ((ARRAY[...
// ])::text[]))`, which prints with its casts moved once re-read. Plans render the printed form,
// so the desired state is the form a check reaches when re-created from its print: the checks
// are created once more from it. Returns false when there are none.
bool recreate_checks(pqxx::connection& conn, const Catalog& normalized) {
  std::string script;
  for (const auto& [name, table] : normalized.tables) {
    if (table.partition_of) continue;  // a partition's checks come from its parent
    for (const auto& c : table.constraints) {
      if (c.kind != ConstraintKind::check) continue;
      script += "ALTER TABLE " + qualified(normalized.schema, name) + " DROP CONSTRAINT " +
                quote_ident(c.name) + ", ADD CONSTRAINT " + quote_ident(c.name) + " CHECK (" +
                c.expression + ")" + (c.no_inherit ? " NO INHERIT" : "") +
                (c.not_valid ? " NOT VALID" : "") + ";\n";
      if (c.comment) {
        script += "COMMENT ON CONSTRAINT " + quote_ident(c.name) + " ON " +
                  qualified(normalized.schema, name) + " IS " + quote_literal(*c.comment) + ";\n";
      }
    }
  }
  if (script.empty()) return false;
  pqxx::work txn(conn);
  txn.exec(script);
  txn.commit();
  return true;
}

}  // namespace

Catalog normalize(const Catalog& declared, pg::DevServer& dev) {
  Catalog empty;
  empty.schema = declared.schema;
  empty.schema_exists = false;
  const auto ordered = order(diff::diff(empty, name_commented_objects(declared)));
  auto scratch = dev.scratch();
  pqxx::connection conn(scratch->url());
  create_declared(conn, declared, ordered.changes);
  introspect::Options options;
  options.ignored = declared.ignored;
  Catalog normalized = introspect::introspect_schema(conn, declared.schema, options);
  if (recreate_checks(conn, normalized))
    normalized = introspect::introspect_schema(conn, declared.schema, options);
  copy_hints(declared, normalized);
  return normalized;
}

}  // namespace recon::plan
