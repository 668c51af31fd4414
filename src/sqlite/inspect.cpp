#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

#include "catalog/identifier.hpp"
#include "sqlite/database.hpp"
#include "sqlite/sqlite.hpp"
#include "sqlite/statements.hpp"
#include "sqlite/tokens.hpp"
#include "sqlite/translate.hpp"
#include "sqlite/types.hpp"

namespace recon::sqlite {
namespace {

std::string text(const std::optional<std::string>& value) {
  return value.value_or("");
}

std::string joined_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : "_") + n;
  return out;
}

// Migration tools' own bookkeeping: a Postgres project managed by recon has its own.
bool migration_table(const std::string& name) {
  return name == "alembic_version" || name == "flyway_schema_history" ||
         name == "schema_migrations" || name == "goose_db_version";
}

SequenceOptions identity_options() {
  SequenceOptions o;
  o.data_type = "bigint";
  o.start = 1;
  o.increment = 1;
  o.min_value = 1;
  o.max_value = std::numeric_limits<std::int64_t>::max();
  o.cache = 1;
  o.cycle = false;
  return o;
}

class Reader {
 public:
  Reader(Database& db, Inspection& out) : db_(db), out_(out) {}

  void run() {
    std::set<std::string> skipped;
    for (const auto& row : db_.query(
             "SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main' ORDER BY name")) {
      const std::string name = text(row[0]), type = text(row[1]);
      if (name.starts_with("sqlite_")) continue;
      if (type == "virtual") {
        warn("virtual table " + name + " (a SQLite module such as full-text search) is left out");
      } else if (type == "shadow") {
        continue;  // the storage of a virtual table
      } else if (type == "table" && migration_table(name)) {
        out_.notes.push_back("table " + name +
                             " is left out: a migration tool's bookkeeping, which recon replaces");
      } else if (type == "table") {
        without_rowid_[name] = text(row[2]) == "1";
        read_table(name);
      }
    }
    for (auto& [name, table] : out_.catalog.tables) read_foreign_keys(table);
    for (const auto& row : db_.query(
             "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('view', 'trigger') "
             "ORDER BY type, name")) {
      const std::string kind = text(row[0]);
      if (kind == "view") {
        warn(
            "view " + text(row[1]) +
            " is left out: recon does not translate SQLite queries; declare it in [views] by hand");
      } else {
        warn("trigger " + text(row[1]) + " on " + text(row[2]) +
             " is left out: recon does not declare triggers");
      }
    }
  }

 private:
  void warn(std::string message) { out_.warnings.push_back(std::move(message)); }

  std::string create_sql(const std::string& type, const std::string& name) {
    const auto rows =
        db_.query("SELECT sql FROM sqlite_master WHERE type = ? AND name = ?", {type, name});
    return rows.empty() ? "" : text(rows[0][0]);
  }

  ExpressionContext context(const Table& t) const {
    ExpressionContext c;
    c.table = t.name;
    for (const auto& column : t.columns) c.columns.emplace_back(column.name, column.type);
    return c;
  }

  void read_table(const std::string& name) {
    Table t;
    t.name = name;
    TableClauses clauses;
    try {
      clauses = read_create_table(create_sql("table", name));
    } catch (const Error& e) {
      warn("table " + name + ": its CREATE TABLE could not be read (" + e.what() +
           "): checks, generated columns and AUTOINCREMENT are left out");
    }
    std::vector<std::pair<int, std::string>> key;
    std::vector<std::string> declared_types;
    for (const auto& row : db_.query(
             "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) "
             "ORDER BY cid",
             {name})) {
      if (text(row[5]) == "1") continue;  // a virtual table's hidden column
      Column c;
      c.name = text(row[0]);
      const std::string declared = text(row[1]);
      const MappedType type = map_type(declared);
      c.type = type.type;
      if (type.warning) warn("column " + name + "." + c.name + ": " + *type.warning);
      c.not_null = text(row[2]) == "1";
      if (row[3]) {
        const Translated d = translate_default(*row[3], c.type);
        if (d.ok() && !d.sql.empty()) {
          c.default_expr = d.sql;
        } else if (!d.ok()) {
          warn("column " + name + "." + c.name + ": default " + *row[3] +
               " is left out: cannot translate " + d.problem);
        }
      }
      if (const int pk = std::stoi(text(row[4]).empty() ? "0" : text(row[4])); pk > 0)
        key.emplace_back(pk, c.name);
      declared_types.push_back(declared);
      t.columns.push_back(std::move(c));
    }
    for (auto& c : t.columns) {
      auto found = clauses.columns.find(c.name);
      if (found == clauses.columns.end()) continue;
      if (!found->second.collation.empty() && found->second.collation != "BINARY") {
        warn("column " + name + "." + c.name + ": COLLATE " + found->second.collation +
             " is left out (Postgres has no such collation; compare ascii_lower() values instead)");
      }
      if (!found->second.generated.empty()) {
        const Translated g = translate(found->second.generated, context(t));
        if (g.ok()) {
          c.generated = g.sql;
          c.default_expr.reset();
        } else {
          warn("column " + name + "." + c.name + ": generated column's expression " +
               joined(found->second.generated) + " cannot be translated (" + g.problem +
               "): it is declared as a plain column");
        }
      }
    }
    std::sort(key.begin(), key.end());
    if (!key.empty()) {
      Constraint pk;
      pk.kind = ConstraintKind::primary_key;
      pk.name = generated_name(name, "", "pkey");
      for (const auto& [position, column] : key) pk.columns.push_back(column);
      t.constraints.push_back(pk);
      read_rowid_alias(t, pk, declared_types, clauses.autoincrement);
    }
    read_checks(t, clauses.checks);
    read_indexes(t);
    std::sort(t.constraints.begin(), t.constraints.end(),
              [](const Constraint& a, const Constraint& b) { return a.name < b.name; });
    std::sort(t.indexes.begin(), t.indexes.end(),
              [](const Index& a, const Index& b) { return a.name < b.name; });
    out_.catalog.tables.emplace(name, std::move(t));
  }

  // INTEGER PRIMARY KEY makes the column the rowid: SQLite numbers new rows itself (with
  // AUTOINCREMENT, never reusing a number). Postgres does it with an identity column, BY
  // DEFAULT so that the rows copied over keep their ids.
  void read_rowid_alias(Table& t, const Constraint& pk, const std::vector<std::string>& types,
                        bool autoincrement) {
    if (pk.columns.size() != 1 || without_rowid_[t.name]) return;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      Column& c = t.columns[i];
      if (c.name != pk.columns[0]) continue;
      std::string declared = types[i];
      for (char& ch : declared)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (declared != "INTEGER" && !autoincrement) return;
      if (c.default_expr) return;  // the default wins over the rowid
      c.identity = Identity::by_default;
      c.identity_options = identity_options();
    }
  }

  void read_checks(Table& t, const std::vector<CheckClause>& checks) {
    std::set<std::string> names;
    for (const auto& c : t.constraints) names.insert(c.name);
    for (const auto& check : checks) {
      if (implied_by_boolean(t, check.expression)) continue;
      const Translated e = translate(check.expression, context(t));
      if (!e.ok()) {
        warn("table " + t.name + ": CHECK (" + joined(check.expression) +
             ") is left out: cannot translate " + e.problem);
        continue;
      }
      Constraint c;
      c.kind = ConstraintKind::check;
      c.expression = e.sql;
      c.name = check.name;
      for (int n = 1; c.name.empty() || names.count(c.name) != 0; ++n)
        c.name = generated_name(t.name, check.column,
                                n == 1 ? "check" : "check" + std::to_string(n - 1));
      names.insert(c.name);
      t.constraints.push_back(std::move(c));
    }
  }

  // SQLAlchemy's Boolean on SQLite adds CHECK (x IN (0, 1)); a Postgres boolean needs none.
  static bool implied_by_boolean(const Table& t, const std::vector<Token>& e) {
    if (e.size() != 7 || !is_name(e[0]) || !is_word(e[1], "IN") || !is_op(e[2], "(") ||
        e[3].text != "0" || !is_op(e[4], ",") || e[5].text != "1" || !is_op(e[6], ")"))
      return false;
    for (const auto& c : t.columns) {
      if (ascii_lower(c.name) == ascii_lower(name_of(e[0]))) return c.type == "boolean";
    }
    return false;
  }

  void read_indexes(Table& t) {
    for (const auto& row : db_.query(
             "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY name",
             {t.name})) {
      const std::string name = text(row[0]), origin = text(row[2]);
      if (origin == "pk") continue;
      std::vector<Row> keys = db_.query(
          "SELECT cid, name, \"desc\", coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY "
          "seqno",
          {name});
      if (origin == "u") {
        Constraint u;
        u.kind = ConstraintKind::unique;
        for (const auto& k : keys) u.columns.push_back(text(k[1]));
        u.name = generated_name(t.name, joined_names(u.columns), "key");
        t.constraints.push_back(std::move(u));
      } else {
        read_index(t, name, text(row[1]) == "1", keys);
      }
    }
  }

  void read_index(Table& t, const std::string& name, bool unique, const std::vector<Row>& keys) {
    IndexClauses clauses;
    try {
      clauses = read_create_index(create_sql("index", name));
    } catch (const Error& e) {
      return warn("index " + name + " is left out: its CREATE INDEX could not be read (" +
                  e.what() + ")");
    }
    Index index;
    index.name = name;
    index.unique = unique;
    for (std::size_t n = 0; n < keys.size(); ++n) {
      const auto& k = keys[n];
      IndexKey key;
      key.descending = text(k[2]) == "1";
      key.nulls_first = key.descending;
      const std::string cid = text(k[0]);
      if (cid == "-1") return warn("index " + name + " is left out: it indexes the rowid");
      if (cid == "-2") {
        if (n >= clauses.keys.size())
          return warn("index " + name + " is left out: its expressions could not be read");
        const Translated e = translate(clauses.keys[n], context(t));
        if (!e.ok()) return warn("index " + name + " is left out: cannot translate " + e.problem);
        key.expression = e.sql;
      } else {
        key.column = text(k[1]);
      }
      const std::string collation = text(k[3]);
      if (!collation.empty() && collation != "BINARY") {
        warn("index " + name + ": COLLATE " + collation +
             " is left out (Postgres has no such collation)");
      }
      index.keys.push_back(std::move(key));
    }
    if (!clauses.where.empty()) {
      const Translated w = translate(clauses.where, context(t));
      if (!w.ok())
        return warn("index " + name + " is left out: its WHERE cannot be translated (" + w.problem +
                    ")");
      index.where = w.sql;
    }
    t.indexes.push_back(std::move(index));
  }

  const Table* table_named(const std::string& name) const {
    auto& tables = out_.catalog.tables;
    if (auto it = tables.find(name); it != tables.end()) return &it->second;
    for (const auto& [n, t] : tables) {
      if (ascii_lower(n) == ascii_lower(name)) return &t;
    }
    return nullptr;
  }

  static std::optional<std::string> column_named(const Table& t, const std::string& name) {
    for (const auto& c : t.columns) {
      if (ascii_lower(c.name) == ascii_lower(name)) return c.name;
    }
    return std::nullopt;
  }

  // Postgres needs a primary key, unique constraint or plain unique index on exactly the
  // referenced columns; SQLite only complains when the key is used.
  static bool covered(const Table& t, const std::vector<std::string>& columns) {
    const std::set<std::string> wanted(columns.begin(), columns.end());
    for (const auto& c : t.constraints) {
      if ((c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique) &&
          std::set<std::string>(c.columns.begin(), c.columns.end()) == wanted)
        return true;
    }
    for (const auto& i : t.indexes) {
      std::set<std::string> keys;
      bool plain = i.unique && !i.where;
      for (const auto& k : i.keys) {
        plain = plain && k.expression.empty();
        keys.insert(k.column);
      }
      if (plain && keys == wanted) return true;
    }
    return false;
  }

  void read_foreign_keys(Table& t) {
    std::map<int, std::vector<Row>> by_id;
    for (auto& row :
         db_.query("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" FROM "
                   "pragma_foreign_key_list(?) ORDER BY id, seq",
                   {t.name}))
      by_id[std::stoi(text(row[0]))].push_back(std::move(row));
    std::set<std::string> names;
    for (const auto& c : t.constraints) names.insert(c.name);
    for (const auto& [id, rows] : by_id) {
      const std::string target_name = text(rows[0][1]);
      const std::string what = "foreign key of " + t.name + " to " + target_name;
      const Table* target = table_named(target_name);
      if (!target) {
        warn(what + " is left out: there is no table " + target_name);
        continue;
      }
      Constraint fk;
      fk.kind = ConstraintKind::foreign_key;
      fk.references.table = target->name;
      bool ok = true;
      for (const auto& row : rows) {
        auto from = column_named(t, text(row[2]));
        ok = ok && from;
        if (from) fk.columns.push_back(*from);
        if (row[3]) {
          auto to = column_named(*target, *row[3]);
          ok = ok && to;
          if (to) fk.references.columns.push_back(*to);
        }
      }
      if (fk.references.columns.empty()) {
        for (const auto& c : target->constraints)
          if (c.kind == ConstraintKind::primary_key) fk.references.columns = c.columns;
      }
      if (!ok || fk.references.columns.size() != fk.columns.size()) {
        warn(what + " is left out: its columns do not match the tables'");
        continue;
      }
      if (!covered(*target, fk.references.columns)) {
        warn(what + " is left out: no primary key or unique constraint of " + target->name +
             " covers (" + joined_names(fk.references.columns) + "), which Postgres requires");
        continue;
      }
      fk.on_update = ascii_lower(text(rows[0][4]));
      fk.on_delete = ascii_lower(text(rows[0][5]));
      fk.name = generated_name(t.name, joined_names(fk.columns), "fkey");
      for (int n = 1; names.count(fk.name) != 0; ++n)
        fk.name = generated_name(t.name, joined_names(fk.columns), "fkey" + std::to_string(n));
      names.insert(fk.name);
      t.constraints.push_back(std::move(fk));
    }
    std::sort(t.constraints.begin(), t.constraints.end(),
              [](const Constraint& a, const Constraint& b) { return a.name < b.name; });
  }

  Database& db_;
  Inspection& out_;
  std::map<std::string, bool> without_rowid_;
};

}  // namespace

Inspection inspect(const std::filesystem::path& file, const std::string& schema) {
  Database db(file);
  Inspection out;
  out.catalog.schema = schema;
  Reader(db, out).run();
  return out;
}

}  // namespace recon::sqlite
