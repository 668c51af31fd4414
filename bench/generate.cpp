#include "generate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace recon::bench {

namespace {

// Portable across standard libraries: only the engine (fully specified) and modulo.
class Rng {
 public:
  explicit Rng(std::uint32_t seed) : engine_(seed) {}
  int below(int n) { return static_cast<int>(engine_() % static_cast<std::uint32_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }

 private:
  std::mt19937 engine_;
};

struct Column {
  std::string name;
  std::string definition;   // type and column constraints
  bool plain = true;        // in no index, check, key or foreign key: safe to drop
  std::string new_default;  // a different default for the mutation, or empty
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> indexes;  // CREATE INDEX names (droppable)
  bool referenced = false;
  bool dropped = false;
  bool has(const std::string& column) const {
    return std::any_of(columns.begin(), columns.end(),
                       [&](const Column& c) { return c.name == column; });
  }
};

struct PoolColumn {
  const char* name;
  const char* definition;
  bool plain;
  const char* new_default;
};

// The columns a table draws from (after its key and foreign keys).
const PoolColumn pool[] = {
    {"name", "text NOT NULL", false, ""},
    {"code", "varchar(64) NOT NULL", false, ""},
    {"email", "varchar(255)", true, ""},
    {"title", "varchar(120)", true, "'untitled'::character varying"},
    {"amount", "numeric(12,2) DEFAULT 0 NOT NULL", false, "1"},
    {"rate", "numeric(5,4)", true, "0.5"},
    {"created_at", "timestamptz DEFAULT now() NOT NULL", false, "statement_timestamp()"},
    {"updated_at", "timestamptz", true, "now()"},
    {"deleted_at", "timestamptz", false, ""},
    {"is_active", "boolean DEFAULT true NOT NULL", true, "false"},
    {"flagged", "boolean DEFAULT false NOT NULL", true, "true"},
    {"metadata", "jsonb DEFAULT '{}'::jsonb NOT NULL", true, "'{\"v\": 1}'::jsonb"},
    {"external_id", "uuid DEFAULT gen_random_uuid() NOT NULL", false, ""},
    {"state", "status DEFAULT 'new'::status NOT NULL", false, "'active'::status"},
    {"priority", "priority", true, "'low'::priority"},
    {"quantity", "integer", false, ""},
    {"notes", "text", true, "''::text"},
    {"due_on", "date", true, "CURRENT_DATE"},
    {"score", "double precision", true, "0"},
    {"version", "bigint DEFAULT 1 NOT NULL", true, "0"},
    {"tags", "text[]", true, "'{}'::text[]"},
    {"channel", "channel", true, "'email'::channel"},
};
constexpr int pool_size = sizeof pool / sizeof *pool;

const char* const words[] = {"account",  "orders",  "invoice", "product", "shipment", "customer",
                             "ticket",   "payment", "review",  "event",   "session",  "document",
                             "project",  "task",    "report",  "device",  "address",  "coupon",
                             "category", "message", "upload",  "webhook", "team",     "setting"};
constexpr int word_count = sizeof words / sizeof *words;

const char* const actions[] = {"CASCADE", "SET NULL", "RESTRICT", "NO ACTION"};

}  // namespace

namespace {

// `routines` functions with what calls them (issue 16): half are trigger functions, each fired
// by a trigger of a table; half are SQL functions, each called by a check of a table.
std::string routines_sql(const std::vector<Table>& model, int routines) {
  std::string sql;
  const auto count = static_cast<int>(model.size());
  for (int k = 0; k < routines / 2; ++k) {
    const std::string& fired = model[static_cast<std::size_t>(k % count)].name;
    const std::string& checked = model[static_cast<std::size_t>((k * 7 + 3) % count)].name;
    sql += fmt::format(
        "CREATE FUNCTION touch_{0}() RETURNS trigger LANGUAGE plpgsql\n"
        "  AS $$BEGIN NEW.id := NEW.id; RETURN NEW; END$$;\n"
        "CREATE TRIGGER {1}_touch_{0} BEFORE UPDATE ON {1} FOR EACH ROW "
        "EXECUTE FUNCTION touch_{0}();\n"
        "CREATE FUNCTION score_{0}(n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE\n"
        "  AS $$SELECT n + {0}$$;\n"
        "ALTER TABLE {2} ADD CONSTRAINT {2}_score_{0} CHECK (score_{0}(id) > 0);\n",
        k, fired, checked);
  }
  return sql;
}

}  // namespace

Generated generate(int tables, const std::string& schema, std::uint32_t seed, int routines) {
  if (tables < 1) throw std::invalid_argument("generate: at least one table");
  Rng rng(seed);
  std::vector<Table> model;
  Generated out;
  std::string& sql = out.schema_sql;
  sql += fmt::format("CREATE SCHEMA {0};\nSET search_path TO {0};\n", schema);
  sql += "CREATE TYPE status AS ENUM ('new', 'active', 'suspended', 'closed');\n";
  sql += "CREATE TYPE priority AS ENUM ('low', 'medium', 'high');\n";
  sql += "CREATE TYPE channel AS ENUM ('email', 'sms', 'push', 'webhook');\n";
  sql += "COMMENT ON TYPE status IS 'Lifecycle of a row';\n";

  for (int i = 0; i < tables; ++i) {
    Table t;
    t.name = fmt::format("{}_{}", words[i % word_count], i);
    const int width = 5 + rng.below(11);  // 5..15 columns in all
    std::vector<std::string> constraints;
    std::vector<std::string> after;  // indexes and comments
    t.columns.push_back({"id",
                         fmt::format("bigint GENERATED {} AS IDENTITY PRIMARY KEY",
                                     rng.chance(70) ? "ALWAYS" : "BY DEFAULT"),
                         false, ""});
    // Foreign keys to earlier tables, each indexed.
    const int fks = i == 0 ? 0 : (rng.chance(60) ? 1 : 0) + (rng.chance(20) ? 1 : 0);
    for (int f = 0; f < fks; ++f) {
      Table& target = model[static_cast<std::size_t>(rng.below(i))];
      target.referenced = true;
      const char* action = actions[rng.below(4)];
      const std::string column = fmt::format("{}_id", target.name);
      if (t.has(column)) continue;
      const bool nullable = std::string(action) == "SET NULL" || rng.chance(50);
      t.columns.push_back({column,
                           fmt::format("bigint{} REFERENCES {}(id) ON DELETE {}",
                                       nullable ? "" : " NOT NULL", target.name, action),
                           false, ""});
      const std::string index = fmt::format("{}_{}_idx", t.name, column);
      after.push_back(fmt::format("CREATE INDEX {} ON {} ({});\n", index, t.name, column));
      t.indexes.push_back(index);
    }
    // The rest from the pool, starting at a random place, skipping some.
    int at = rng.below(pool_size);
    for (int tries = 0; static_cast<int>(t.columns.size()) < width && tries < pool_size;
         ++tries, at = (at + 1 + rng.below(2)) % pool_size) {
      const PoolColumn& p = pool[at];
      if (t.has(p.name)) continue;
      t.columns.push_back({p.name, p.definition, p.plain, p.new_default});
    }
    // Keys, checks and indexes on the columns the table got.
    if (t.has("code"))
      constraints.push_back(fmt::format("CONSTRAINT {}_code_key UNIQUE (code)", t.name));
    if (t.has("external_id") && rng.chance(50))
      constraints.push_back(fmt::format("UNIQUE (external_id)"));
    if (t.has("amount"))
      constraints.push_back(fmt::format("CONSTRAINT {}_amount_check CHECK (amount >= 0)", t.name));
    if (t.has("quantity"))
      constraints.push_back(fmt::format(
          "CONSTRAINT {}_quantity_check CHECK (quantity > 0 AND quantity < 100000)", t.name));
    if (t.has("name") && rng.chance(40))
      constraints.push_back(fmt::format("CHECK (char_length(name) <= 200)"));
    if (t.has("name") && rng.chance(60)) {
      const std::string index = fmt::format("{}_lower_name_idx", t.name);
      after.push_back(fmt::format("CREATE INDEX {} ON {} (lower(name));\n", index, t.name));
      t.indexes.push_back(index);
    }
    if (t.has("deleted_at")) {
      const std::string index = fmt::format("{}_live_idx", t.name);
      after.push_back(fmt::format("CREATE INDEX {} ON {} ({}) WHERE deleted_at IS NULL;\n", index,
                                  t.name, t.has("created_at") ? "created_at" : "id"));
      t.indexes.push_back(index);
    }
    if (t.has("state") && rng.chance(50)) {
      const std::string index = fmt::format("{}_open_state_idx", t.name);
      after.push_back(fmt::format(
          "CREATE INDEX {} ON {} (state) WHERE state <> 'closed'::status;\n", index, t.name));
      t.indexes.push_back(index);
    }
    if (t.has("metadata") && rng.chance(25)) {
      const std::string index = fmt::format("{}_metadata_idx", t.name);
      after.push_back(fmt::format("CREATE INDEX {} ON {} USING gin (metadata);\n", index, t.name));
      t.indexes.push_back(index);
    }
    if (t.has("email") && rng.chance(40)) {
      const std::string index = fmt::format("{}_email_key", t.name);
      after.push_back(
          fmt::format("CREATE UNIQUE INDEX {} ON {} (lower((email)::text));\n", index, t.name));
      t.indexes.push_back(index);
    }
    if (rng.chance(80))
      after.push_back(
          fmt::format("COMMENT ON TABLE {} IS 'The {} of the application (table {})';\n", t.name,
                      words[i % word_count], i));
    for (auto& c : t.columns)
      if (c.name != "id" && rng.chance(15))
        after.push_back(
            fmt::format("COMMENT ON COLUMN {}.{} IS 'What {} holds';\n", t.name, c.name, c.name));
    // Columns that are used by a key, check or index are not plain.
    for (auto& c : t.columns)
      if (c.name == "deleted_at" || c.name == "email" || c.name == "metadata") c.plain = false;

    sql += fmt::format("CREATE TABLE {} (\n", t.name);
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      sql += fmt::format("    {} {}{}\n", t.columns[c].name, t.columns[c].definition,
                         c + 1 < t.columns.size() || !constraints.empty() ? "," : "");
    for (std::size_t c = 0; c < constraints.size(); ++c)
      sql += fmt::format("    {}{}\n", constraints[c], c + 1 < constraints.size() ? "," : "");
    sql += ");\n";
    for (const auto& line : after) sql += line;
    model.push_back(std::move(t));
  }
  sql += routines_sql(model, routines);

  // The 50 changes.
  if (tables < 20) return out;
  Rng m(seed + 1);
  std::string& mut = out.mutation_sql;
  mut += fmt::format("SET search_path TO {};\n", schema);
  auto change = [&](std::string statement, std::string what) {
    mut += statement;
    out.changes.push_back(std::move(what));
  };
  auto live = [&](auto&& predicate) -> Table& {
    for (int tries = 0; tries < 100000; ++tries) {
      Table& t = model[static_cast<std::size_t>(m.below(tables))];
      if (!t.dropped && predicate(t)) return t;
    }
    throw std::runtime_error("generate: no table fits a change of the mutation");
  };
  auto any = [](const Table&) { return true; };

  // 2 dropped tables: referenced by nothing.
  for (int k = 0; k < 2; ++k) {
    Table& t = live([](const Table& t) { return !t.referenced; });
    t.dropped = true;
    change(fmt::format("DROP TABLE {};\n", t.name), "drop table " + t.name);
  }
  // 3 new tables, each with a foreign key, an index and a comment.
  for (int k = 0; k < 3; ++k) {
    Table& target = live(any);
    target.referenced = true;
    const std::string name = fmt::format("added_table_{}", k);
    change(fmt::format(
               "CREATE TABLE {0} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
               "    {1}_id bigint NOT NULL REFERENCES {1}(id) ON DELETE CASCADE,\n"
               "    label varchar(80) NOT NULL,\n    state status DEFAULT 'new'::status NOT NULL,\n"
               "    payload jsonb,\n    created_at timestamptz DEFAULT now() NOT NULL\n);\n"
               "CREATE INDEX {0}_{1}_id_idx ON {0} ({1}_id);\n"
               "COMMENT ON TABLE {0} IS 'Added by the mutation';\n",
               name, target.name),
           "create table " + name);
  }
  // 10 added columns.
  static const char* const added[] = {"text",
                                      "varchar(50)",
                                      "numeric(10,2) DEFAULT 0 NOT NULL",
                                      "boolean DEFAULT false NOT NULL",
                                      "timestamptz DEFAULT now()",
                                      "jsonb",
                                      "uuid",
                                      "status DEFAULT 'active'::status",
                                      "integer",
                                      "date"};
  for (int k = 0; k < 10; ++k) {
    Table& t = live(any);
    const std::string column = fmt::format("added_column_{}", k);
    change(fmt::format("ALTER TABLE {} ADD COLUMN {} {};\n", t.name, column, added[k]),
           fmt::format("add column {}.{} {}", t.name, column, added[k]));
    t.columns.push_back({column, added[k], false, ""});
  }
  // 1 dropped column.
  {
    Table& t = live([](const Table& t) {
      return std::any_of(t.columns.begin(), t.columns.end(),
                         [](const Column& c) { return c.plain; });
    });
    auto c =
        std::find_if(t.columns.begin(), t.columns.end(), [](const Column& c) { return c.plain; });
    change(fmt::format("ALTER TABLE {} DROP COLUMN {};\n", t.name, c->name),
           fmt::format("drop column {}.{}", t.name, c->name));
    t.columns.erase(c);
  }
  // 5 dropped indexes (before the new ones, so that a new one is never dropped).
  for (int k = 0; k < 5; ++k) {
    Table& t = live([](const Table& t) { return !t.indexes.empty(); });
    const std::string index = t.indexes.back();
    t.indexes.pop_back();
    change(fmt::format("DROP INDEX {};\n", index), "drop index " + index);
  }
  // 5 new indexes: plain, partial, expression, multi-column, unique.
  for (int k = 0; k < 5; ++k) {
    const std::string index = fmt::format("added_index_{}", k);
    std::string statement;
    if (k == 0) {
      Table& t = live(any);
      statement = fmt::format("CREATE INDEX {} ON {} (id DESC);\n", index, t.name);
    } else if (k == 1) {
      Table& t = live([](const Table& t) { return t.has("created_at") && t.has("is_active"); });
      statement =
          fmt::format("CREATE INDEX {} ON {} (created_at) WHERE is_active;\n", index, t.name);
    } else if (k == 2) {
      Table& t = live([](const Table& t) { return t.has("name"); });
      statement = fmt::format("CREATE INDEX {} ON {} (upper(name), id);\n", index, t.name);
    } else if (k == 3) {
      Table& t = live([](const Table& t) { return t.has("created_at"); });
      statement = fmt::format("CREATE INDEX {} ON {} (created_at DESC, id);\n", index, t.name);
    } else {
      Table& t = live([](const Table& t) { return t.has("external_id"); });
      statement =
          fmt::format("CREATE UNIQUE INDEX {} ON {} (external_id) WHERE external_id IS NOT NULL;\n",
                      index, t.name);
    }
    change(statement, "create index " + index);
  }
  // 5 new checks.
  for (int k = 0; k < 5; ++k) {
    Table& t = live(any);
    const std::string expression = t.has("version") ? "version >= 0"
                                   : t.has("name")  ? "name <> ''::text"
                                                    : "id > 0";
    change(fmt::format("ALTER TABLE {0} ADD CONSTRAINT {0}_added_check_{1} CHECK ({2});\n", t.name,
                       k, expression),
           fmt::format("add check on {}: {}", t.name, expression));
  }
  // 5 new foreign keys (each on a new column) to an earlier table.
  for (int k = 0; k < 5; ++k) {
    Table& from = live([&](const Table& t) { return &t != &model.front(); });
    const auto from_index = static_cast<int>(&from - model.data());
    Table* to = nullptr;
    for (int tries = 0; tries < 1000 && !to; ++tries) {
      Table& c = model[static_cast<std::size_t>(m.below(from_index))];
      if (!c.dropped) to = &c;
    }
    if (!to) throw std::runtime_error("generate: no target for a foreign key");
    to->referenced = true;
    const std::string column = fmt::format("added_ref_{}_id", k);
    change(
        fmt::format("ALTER TABLE {} ADD COLUMN {} bigint REFERENCES {}(id) ON DELETE SET NULL;\n",
                    from.name, column, to->name),
        fmt::format("add foreign key {}.{} -> {}", from.name, column, to->name));
  }
  // 2 new enum values, one at the end and one in the middle.
  change("ALTER TYPE status ADD VALUE 'archived';\n", "add enum value status.archived (last)");
  change("ALTER TYPE priority ADD VALUE 'urgent' AFTER 'medium';\n",
         "add enum value priority.urgent (after medium)");
  // 6 changed defaults.
  for (int k = 0; k < 6; ++k) {
    Table& t = live([](const Table& t) {
      return std::any_of(t.columns.begin(), t.columns.end(),
                         [](const Column& c) { return !c.new_default.empty(); });
    });
    std::vector<Column*> candidates;
    for (auto& c : t.columns)
      if (!c.new_default.empty()) candidates.push_back(&c);
    Column* c = candidates[static_cast<std::size_t>(m.below(static_cast<int>(candidates.size())))];
    change(fmt::format("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {};\n", t.name, c->name,
                       c->new_default),
           fmt::format("set default {}.{} = {}", t.name, c->name, c->new_default));
    c->new_default.clear();
  }
  // 6 comments: new and changed, on tables and columns.
  for (int k = 0; k < 6; ++k) {
    Table& t = live(any);
    if (k % 2 == 0) {
      change(fmt::format("COMMENT ON TABLE {} IS 'Changed by the mutation ({})';\n", t.name, k),
             "comment on table " + t.name);
    } else {
      const Column& c =
          t.columns[static_cast<std::size_t>(m.below(static_cast<int>(t.columns.size())))];
      change(fmt::format("COMMENT ON COLUMN {}.{} IS 'Column comment {}';\n", t.name, c.name, k),
             fmt::format("comment on column {}.{}", t.name, c.name));
    }
  }
  return out;
}

}  // namespace recon::bench
