#include "plan/normalize.hpp"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <set>

#include "catalog/constraint_kind.hpp"
#include "catalog/ddl.hpp"
#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/identifier.hpp"
#include "catalog/privileges.hpp"
#include "diff/diff.hpp"
#include "diff/keys.hpp"
#include "introspect/introspect.hpp"
#include "plan/dev_creation.hpp"
#include "plan/order.hpp"
#include "plan/replay.hpp"
#include "run/runner.hpp"

namespace recon::plan {

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

// The signatures Postgres gave the declared routines, by the index of the change that created
// each: on a fresh database routines get rising oids, so the n-th created is the n-th by oid.
std::map<std::size_t, std::string> routine_signatures(pqxx::connection& conn,
                                                      const Catalog& declared,
                                                      const std::vector<Change>& changes,
                                                      const Creation& creation) {
  std::map<std::size_t, std::string> out;
  if (declared.routines.empty()) return out;
  pqxx::work txn(conn);
  txn.exec(run::search_path_sql(declared.schema));
  const auto rows = txn.exec(
      "SELECT p.proname || '(' || oidvectortypes(p.proargtypes) || ')' FROM pg_proc p "
      "WHERE p.pronamespace = " +
      quote_literal(quote_ident(declared.schema)) +
      "::regnamespace AND p.prokind IN ('f', 'p') AND NOT EXISTS (SELECT FROM pg_depend e "
      "WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i')) "
      "ORDER BY p.oid");
  auto row = rows.begin();
  for (const std::size_t i : creation.order) {
    // Aggregates are created by changes of that kind too, and are not in the query.
    if (changes[i].kind != ChangeKind::create_routine ||
        changes[i].object.starts_with("aggregate "))
      continue;
    if (row == rows.end()) break;
    out[i] = (row++)[0].as<std::string>();
  }
  return out;
}

// What each declared routine had to wait for on the dev database, as dependency keys of the
// normalized catalog, with the declaration's hints (its location, its own text of the body).
// Returns the signature of each declared routine, by its declared key.
std::map<std::string, std::string> note_routine_creation(
    const Catalog& declared, const std::vector<Change>& changes, const Creation& creation,
    const std::map<std::size_t, std::string>& signatures, Catalog& normalized) {
  std::map<std::string, std::string> declared_as;
  for (const auto& [i, signature] : signatures) {
    auto routine = normalized.routines.find(signature);
    if (routine == normalized.routines.end()) continue;
    Routine& r = routine->second;
    for (const auto& [key, written] : declared.routines) {
      if (changes[i].object != (written.procedure ? "procedure " : "function ") + key) continue;
      declared_as[key] = signature;
      copy_routine_hints(written, r);
    }
    const auto waited = creation.waited_for.find(i);
    if (waited == creation.waited_for.end()) continue;
    for (const std::size_t j : waited->second) {
      const auto other = signatures.find(j);
      if (other != signatures.end()) {
        r.created_after.push_back(diff::keys::routine(other->second));
        continue;
      }
      for (const auto& key : changes[j].creates) r.created_after.push_back(key);
    }
  }
  return declared_as;
}

std::string joined_columns(const Index& index) {
  std::string out;
  for (const auto& k : index.keys)
    out += (out.empty() ? "" : "_") + (k.column.empty() ? "expr" : k.column);
  return out;
}

// The comment of an unnamed check: the `nth` check of `table` that Postgres names, counting in
// the order the checks are created.
struct UnnamedCheckComment {
  std::string table;
  std::size_t nth = 0;
  std::string comment;
};

// A comment needs a name to be attached by: unnamed objects that carry one get the name
// Postgres would have chosen. Checks are the exception: Postgres names one after the column
// its expression reads, if it reads exactly one, which only Postgres knows; they are created
// unnamed, and their comments returned in `check_comments`, to be attached once named.
Catalog name_commented_objects(Catalog catalog, std::vector<UnnamedCheckComment>& check_comments) {
  for (auto& [name, table] : catalog.tables) {
    for (auto& index : table.indexes) {
      if (index.name.empty() && index.comment)
        index.name = generated_name(name, joined_columns(index), "idx");
    }
    // The checks of CREATE TABLE first, then those added NOT VALID after it.
    std::size_t nth = 0;
    for (const bool not_valid : {false, true}) {
      for (auto& c : table.constraints) {
        if (c.kind != ConstraintKind::check || !c.name.empty() || c.not_valid != not_valid)
          continue;
        if (c.comment) check_comments.push_back({name, nth, *c.comment});
        c.comment.reset();
        ++nth;
      }
    }
    for (auto& c : table.constraints) {
      if (!c.name.empty() || !c.comment) continue;
      std::string columns;
      for (const auto& column : c.columns) columns += (columns.empty() ? "" : "_") + column;
      c.name = generated_name(name, c.kind == ConstraintKind::primary_key ? "" : columns,
                              words(c.kind).label);
    }
  }
  return catalog;
}

// Attaches the comments of unnamed checks to the names Postgres gave them: the checks of each
// table that were not declared with a name, in the order they were created (by oid).
void comment_unnamed_checks(pqxx::connection& conn, const Catalog& declared,
                            const std::vector<UnnamedCheckComment>& comments) {
  if (comments.empty()) return;
  pqxx::work txn(conn);
  const auto rows = txn.exec(
      "SELECT c.relname, k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
      "WHERE c.relnamespace = " +
      quote_literal(quote_ident(declared.schema)) +
      "::regnamespace AND k.contype = 'c' AND k.conislocal ORDER BY c.relname, k.oid");
  std::map<std::string, std::vector<std::string>> auto_named;
  for (const auto& row : rows) {
    const std::string table = row[0].as<std::string>();
    const std::string name = row[1].as<std::string>();
    const auto found = declared.tables.find(table);
    if (found == declared.tables.end()) continue;
    const auto& declared_constraints = found->second.constraints;
    const bool named = std::any_of(declared_constraints.begin(), declared_constraints.end(),
                                   [&](const Constraint& c) { return c.name == name; });
    if (!named) auto_named[table].push_back(name);
  }
  std::string script;
  for (const auto& c : comments) {
    const auto& names = auto_named[c.table];
    if (c.nth >= names.size()) continue;  // not created: Postgres said why already
    script += "COMMENT ON CONSTRAINT " + quote_ident(names[c.nth]) + " ON " +
              qualified(declared.schema, c.table) + " IS " + quote_literal(c.comment) + ";\n";
  }
  txn.exec(script);
  txn.commit();
}

}  // namespace

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
    for (auto& policy : table.policies) {
      for (const auto& declared_policy : found->second.policies) {
        if (declared_policy.name != policy.name) continue;
        policy.renamed_from = declared_policy.renamed_from;
        policy.where = declared_policy.where;
      }
    }
  }
  for (auto& [name, r] : normalized.ranges)
    if (auto found = declared.ranges.find(name); found != declared.ranges.end())
      r.where = found->second.where;
  for (auto& [name, d] : normalized.text_search_dictionaries)
    if (auto found = declared.text_search_dictionaries.find(name);
        found != declared.text_search_dictionaries.end())
      d.where = found->second.where;
  for (auto& [name, c] : normalized.text_search_configurations)
    if (auto found = declared.text_search_configurations.find(name);
        found != declared.text_search_configurations.end())
      c.where = found->second.where;
  for (auto& [name, t] : normalized.composites) {
    auto found = declared.composites.find(name);
    if (found == declared.composites.end()) continue;
    t.where = found->second.where;
    for (auto& a : t.attributes)
      for (const auto& declared_attribute : found->second.attributes)
        if (declared_attribute.name == a.name) {
          a.renamed_from = declared_attribute.renamed_from;
          a.where = declared_attribute.where;
        }
  }
  for (auto& [name, e] : normalized.enums) {
    auto found = declared.enums.find(name);
    if (found == declared.enums.end()) continue;
    e.value_renamed_from = found->second.value_renamed_from;
    e.where = found->second.where;
  }
}

void copy_routine_hints(const Routine& written, Routine& normalized) {
  normalized.where = written.where;
  if (ddl::has_standard_body(written)) normalized.written_body = written.body;
}

Catalog normalize(const Catalog& declared, pg::DevServer& dev) {
  return normalize_declaration(declared, dev).catalog;
}

void attach_privileges(const Catalog& declared,
                       const std::map<std::string, std::string>& signatures, Catalog& normalized) {
  normalized.manages_privileges = declared.manages_privileges;
  normalized.default_privileges = declared.default_privileges;
  normalized.grants = declared.grants;
  for (auto& g : normalized.grants) {
    if (g.on != "function") continue;
    const auto signature = signatures.find(g.object);
    if (signature != signatures.end()) g.object = signature->second;
  }
  add_implied_grants(normalized);
}

Normalized normalize_declaration(const Catalog& with_privileges, pg::DevServer& dev,
                                 bool check_function_bodies) {
  // Privileges are normalized here rather than on the dev server, which need not have the
  // roles they name (and a grant can only be on what the catalog declares anyway).
  Catalog declared = with_privileges;
  declared.grants.clear();
  declared.default_privileges.clear();
  Catalog empty;
  empty.schema = declared.schema;
  empty.schema_exists = false;
  std::vector<UnnamedCheckComment> check_comments;
  const auto ordered = order(diff::diff(empty, name_commented_objects(declared, check_comments)));
  auto scratch = dev.scratch();
  pqxx::connection conn(scratch->url());
  // Policies are created on the dev server: the roles they name must be there.
  ensure_roles(conn, required_roles(declared));
  // Without the check, a function whose body reads tables can be created without them.
  const std::string prelude =
      (check_function_bodies ? "" : "SET LOCAL check_function_bodies = off;\n") +
      stub_foreign_tables(declared);
  const Creation creation = create_declared(conn, declared, ordered.changes, prelude);
  const auto signatures = routine_signatures(conn, declared, ordered.changes, creation);
  comment_unnamed_checks(conn, declared, check_comments);
  Catalog normalized =
      introspect::introspect_schema(conn, declared.schema, introspect::options_for(declared));
  copy_hints(declared, normalized);
  Normalized out;
  out.signatures =
      note_routine_creation(declared, ordered.changes, creation, signatures, normalized);
  attach_privileges(with_privileges, out.signatures, normalized);
  canonicalize(normalized);
  out.catalog = std::move(normalized);
  return out;
}

}  // namespace recon::plan
