// Convergence: for a pair of states (A made by SQL, B declared in TOML), the plan recon computes
// from introspect(A) to normalize(B), run on A, reaches B exactly, and a second diff is empty.
// Hazards and step order are asserted where they matter.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "catalog/diagnostic.hpp"
#include "diff/diff.hpp"
#include "integration/schema_states.hpp"
#include "plan/order.hpp"
#include "plan/replay.hpp"

namespace {

using recon::Catalog;
using recon::Change;
using recon::testing::check_same_catalog;

struct Transition {
  std::string name;
  std::string before;  // SQL run in schema "app" (or the schema B declares), created first
  std::string after;   // TOML
  std::vector<std::string> hazards = {};     // kinds that some step must carry
  std::vector<std::string> no_hazards = {};  // kinds that no step may carry
  std::string check = {};                    // a query that must return true once B is reached
  bool schema_absent = false;                // A: the schema does not even exist
};

std::string describe(const std::vector<Change>& changes) {
  std::string out;
  for (const Change& c : changes) {
    out += c.summary;
    for (const auto& h : c.hazards) out += " [" + h.kind + "]";
    out += "\n    " + c.sql + "\n";
  }
  return out;
}

bool has_hazard(const std::vector<Change>& changes, const std::string& kind) {
  return std::any_of(changes.begin(), changes.end(), [&](const Change& c) {
    return std::any_of(c.hazards.begin(), c.hazards.end(),
                       [&](const recon::Hazard& h) { return h.kind == kind; });
  });
}

// A chain of `n` tables, each referencing the one before it, declared at once.
std::string fk_chain_toml(int n) {
  std::string toml;
  for (int i = 0; i < n; ++i) {
    toml += fmt::format("[tables.link_{:02}]\nprimary_key = [\"id\"]\n", i);
    toml += fmt::format("[[tables.link_{:02}.columns]]\nname = \"id\"\ntype = \"int\"\n", i);
    if (i == 0) continue;
    toml +=
        fmt::format("[[tables.link_{:02}.columns]]\nname = \"previous_id\"\ntype = \"int\"\n", i);
    toml += fmt::format(
        "[[tables.link_{:02}.foreign_keys]]\ncolumns = [\"previous_id\"]\n"
        "references = {{ table = \"link_{:02}\" }}\n",
        i, i - 1);
  }
  return toml;
}

// clang-format off
const std::vector<Transition>& transitions() {
  static const std::vector<Transition> all = {
// ---------------------------------------------------------------- tables
{.name = "create a table in an empty schema", .before = "", .after = R"toml(
[tables.todos]
comment = "Todo items"
primary_key = ["id"]
[[tables.todos.columns]]
name = "id"
type = "bigint"
identity = "always"
[[tables.todos.columns]]
name = "title"
type = "varchar(255)"
nullable = false
)toml", .no_hazards = {"data-loss", "table-rewrite", "validation-scan"}},

{.name = "create the schema and its objects", .before = "", .after = R"toml(
schema = "00_fresh"
comment = "Brand new"
[enums.state]
values = ["a", "b"]
[tables.things]
[[tables.things.columns]]
name = "state"
type = "state"
)toml", .schema_absent = true},

{.name = "add an extension and an index that needs its operator classes", .before = R"sql(
CREATE TABLE bookings (room int NOT NULL, during tsrange NOT NULL);
)sql", .after = R"toml(
extensions = ["btree_gist"]
[tables.bookings]
columns = [
  { name = "room", type = "int", nullable = false },
  { name = "during", type = "tsrange", nullable = false },
]
[[tables.bookings.indexes]]
name = "bookings_room_during_idx"
columns = ["room", "during"]
method = "gist"
)toml", .no_hazards = {"data-loss"}, .check = "SELECT count(*) = 1 FROM pg_extension WHERE extname = 'btree_gist' AND extnamespace = 'app'::regnamespace"},

{.name = "drop an extension once nothing uses it", .before = R"sql(
CREATE EXTENSION btree_gist WITH SCHEMA app;
CREATE TABLE bookings (room int NOT NULL);
CREATE INDEX bookings_room_idx ON bookings USING gist (room);
)sql", .after = R"toml(
[tables.bookings]
columns = [{ name = "room", type = "int", nullable = false }]
)toml", .hazards = {"data-loss"}, .check = "SELECT count(*) = 0 FROM pg_extension WHERE extname = 'btree_gist'"},

{.name = "drop a table", .before = R"sql(
CREATE TABLE keep (a integer);
CREATE TABLE gone (a integer);
INSERT INTO gone VALUES (1);
)sql", .after = R"toml(
[tables.keep]
[[tables.keep.columns]]
name = "a"
type = "int"
)toml", .hazards = {"data-loss"}},

{.name = "rename a table with renamed_from, keeping rows, key and index names in step",
 .before = R"sql(
CREATE TABLE old_items (id integer PRIMARY KEY, name text);
CREATE INDEX ON old_items (name);
INSERT INTO old_items VALUES (1, 'a'), (2, 'b');
)sql", .after = R"toml(
[tables.items]
renamed_from = "old_items"
primary_key = ["id"]
[[tables.items.columns]]
name = "id"
type = "int"
[[tables.items.columns]]
name = "name"
type = "text"
[[tables.items.indexes]]
columns = ["name"]
)toml", .no_hazards = {"data-loss"}, .check = "SELECT count(*) = 2 FROM items"},

{.name = "add a column at the end", .before = R"sql(
CREATE TABLE t (a integer);
INSERT INTO t VALUES (1);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "text"
nullable = false
default = "'x'"
)toml", .no_hazards = {"data-loss", "table-rewrite"}, .check = "SELECT b = 'x' FROM t"},

{.name = "drop a column", .before = R"sql(
CREATE TABLE t (a integer, b text);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
)toml", .hazards = {"data-loss"}},

{.name = "rename a column with renamed_from, keeping its values", .before = R"sql(
CREATE TABLE people (id integer, fullname text);
INSERT INTO people VALUES (1, 'Ada');
)sql", .after = R"toml(
[tables.people]
[[tables.people.columns]]
name = "id"
type = "int"
[[tables.people.columns]]
name = "full_name"
type = "text"
renamed_from = "fullname"
)toml", .no_hazards = {"data-loss"}, .check = "SELECT full_name = 'Ada' FROM people"},

{.name = "rename a column and widen it in the same plan", .before = R"sql(
CREATE TABLE t (n integer);
INSERT INTO t VALUES (7);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "amount"
type = "bigint"
renamed_from = ["count", "n"]
)toml", .hazards = {"table-rewrite"}, .check = "SELECT amount = 7 FROM t"},

{.name = "unlogged to logged and logged to unlogged", .before = R"sql(
CREATE UNLOGGED TABLE a (x integer);
CREATE TABLE b (x integer);
)sql", .after = R"toml(
[tables.a]
[[tables.a.columns]]
name = "x"
type = "int"
[tables.b]
unlogged = true
[[tables.b.columns]]
name = "x"
type = "int"
)toml", .hazards = {"table-rewrite"}},

{.name = "text with a default becomes int with a default (old default dropped first)",
 .before = "CREATE TABLE t (id int PRIMARY KEY, n text DEFAULT '0'); INSERT INTO t VALUES (1, '42');",
 .after = R"toml(
[tables.t]
primary_key = ["id"]
[[tables.t.columns]]
name = "id"
type = "int"
[[tables.t.columns]]
name = "n"
type = "int"
default = "0"
)toml", .hazards = {"table-rewrite"}, .check = "SELECT n = 42 FROM t"},
{.name = "an enum column becomes text and the enum is dropped",
 .before = "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT 'ok');",
 .after = R"toml(
[tables.t]
primary_key = ["id"]
[[tables.t.columns]]
name = "id"
type = "int"
[[tables.t.columns]]
name = "m"
type = "text"
default = "'ok'"
)toml"},
{.name = "mutually referencing tables are dropped together",
 .before = "CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a); "
           "ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b; CREATE TABLE keep (id int);",
 .after = R"toml(
[tables.keep]
[[tables.keep.columns]]
name = "id"
type = "int"
)toml", .hazards = {"data-loss"}},
{.name = "a bare collation name is quoted",
 .before = "CREATE TABLE t (id int);",
 .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "int"
[[tables.t.columns]]
name = "code"
type = "text"
collation = "C"
)toml"},
// ---------------------------------------------------------------- column types
{.name = "widen int to bigint", .before = R"sql(
CREATE TABLE t (id integer PRIMARY KEY);
INSERT INTO t VALUES (1);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "bigint"
primary_key = true
)toml", .hazards = {"table-rewrite", "access-exclusive-lock"}, .no_hazards = {"data-loss"}},

{.name = "widen varchar(50) to varchar(100) and to text without a rewrite", .before = R"sql(
CREATE TABLE t (a varchar(50), b varchar(50));
INSERT INTO t VALUES ('x', 'y');
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "varchar(100)"
[[tables.t.columns]]
name = "b"
type = "text"
)toml", .no_hazards = {"data-loss", "table-rewrite"}, .check = "SELECT a = 'x' AND b = 'y' FROM t"},

{.name = "narrow varchar(100) to varchar(10)", .before = R"sql(
CREATE TABLE t (a varchar(100));
INSERT INTO t VALUES ('short');
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "varchar(10)"
)toml", .hazards = {"data-loss"}, .check = "SELECT a = 'short' FROM t"},

{.name = "narrow bigint to int and numeric(12,4) to numeric(8,2)", .before = R"sql(
CREATE TABLE t (n bigint, m numeric(12,4));
INSERT INTO t VALUES (5, 1.25);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "n"
type = "int"
[[tables.t.columns]]
name = "m"
type = "numeric(8,2)"
)toml", .hazards = {"data-loss"}, .check = "SELECT n = 5 FROM t"},

{.name = "text to integer, timestamp to timestamptz, numeric(10,2) to numeric(12,2)",
 .before = R"sql(
CREATE TABLE t (a text, b timestamp, c numeric(10,2));
INSERT INTO t VALUES ('42', '2024-01-01', 1.5);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "timestamptz"
[[tables.t.columns]]
name = "c"
type = "numeric(12,2)"
)toml", .check = "SELECT a = 42 AND c = 1.5 FROM t"},

{.name = "a text column becomes an enum", .before = R"sql(
CREATE TABLE t (state text);
INSERT INTO t VALUES ('open');
)sql", .after = R"toml(
[enums.state]
values = ["open", "done"]
[tables.t]
[[tables.t.columns]]
name = "state"
type = "state"
)toml", .check = "SELECT state = 'open' FROM t"},

{.name = "set not null", .before = R"sql(
CREATE TABLE t (a integer);
INSERT INTO t VALUES (1);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
nullable = false
)toml", .hazards = {"validation-scan"}},

{.name = "drop not null", .before = R"sql(
CREATE TABLE t (a integer NOT NULL);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
)toml", .no_hazards = {"validation-scan", "data-loss"}},

{.name = "add, change and drop defaults", .before = R"sql(
CREATE TABLE t (a integer, b text DEFAULT 'old', c timestamptz DEFAULT now());
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
default = "42"
[[tables.t.columns]]
name = "b"
type = "text"
default = "'new'"
[[tables.t.columns]]
name = "c"
type = "timestamptz"
)toml"},

{.name = "add an identity to an existing column", .before = R"sql(
CREATE TABLE t (id integer NOT NULL, x text);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "int"
identity = { generation = "by default", start = 10 }
[[tables.t.columns]]
name = "x"
type = "text"
)toml"},

{.name = "drop an identity", .before = R"sql(
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY, x text);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "bigint"
nullable = false
[[tables.t.columns]]
name = "x"
type = "text"
)toml"},

{.name = "identity ALWAYS to BY DEFAULT with new sequence options", .before = R"sql(
CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 5 CACHE 2));
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "bigint"
identity = { generation = "by default", start = 100, increment = 2, max = 1000000, cache = 10, cycle = true }
)toml"},

{.name = "change a generated column's expression", .before = R"sql(
CREATE TABLE t (a integer, b integer, total integer GENERATED ALWAYS AS (a + b) STORED);
INSERT INTO t (a, b) VALUES (2, 3);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
[[tables.t.columns]]
name = "total"
type = "int"
generated = "a * b"
)toml", .hazards = {"table-rewrite"}, .check = "SELECT total = 6 FROM t"},

{.name = "change a column's collation", .before = R"sql(
CREATE TABLE t (word text, code text COLLATE "C");
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "word"
type = "text"
collation = '"C"'
[[tables.t.columns]]
name = "code"
type = "text"
)toml", .hazards = {"table-rewrite"}},

// ---------------------------------------------------------------- keys and constraints
{.name = "add a primary key", .before = R"sql(
CREATE TABLE t (id integer NOT NULL);
)sql", .after = R"toml(
[tables.t]
primary_key = ["id"]
[[tables.t.columns]]
name = "id"
type = "int"
)toml", .hazards = {"index-build"}},

{.name = "drop a primary key", .before = R"sql(
CREATE TABLE t (id integer PRIMARY KEY);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "int"
nullable = false
)toml"},

{.name = "add a unique constraint and drop another", .before = R"sql(
CREATE TABLE t (a integer UNIQUE, b integer);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
unique = true
)toml", .hazards = {"index-build"}},

{.name = "rename a unique constraint (same definition, another name)", .before = R"sql(
CREATE TABLE t (a integer, b integer, CONSTRAINT old_ab UNIQUE (a, b));
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
[[tables.t.unique]]
name = "t_a_b_unique"
columns = ["a", "b"]
)toml", .no_hazards = {"index-build"}},

{.name = "a unique constraint becomes NULLS NOT DISTINCT and deferrable", .before = R"sql(
CREATE TABLE t (a integer, CONSTRAINT t_a_key UNIQUE (a));
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.unique]]
name = "t_a_key"
columns = ["a"]
nulls_not_distinct = true
deferrable = true
)toml"},

{.name = "add a foreign key", .before = R"sql(
CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE posts (user_id integer);
INSERT INTO users VALUES (1);
INSERT INTO posts VALUES (1);
)sql", .after = R"toml(
[tables.users]
[[tables.users.columns]]
name = "id"
type = "int"
primary_key = true
[tables.posts]
[[tables.posts.columns]]
name = "user_id"
type = "int"
[[tables.posts.foreign_keys]]
columns = ["user_id"]
references = { table = "users" }
)toml", .hazards = {"validation-scan"}},

{.name = "drop a foreign key", .before = R"sql(
CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE posts (user_id integer REFERENCES users);
)sql", .after = R"toml(
[tables.users]
[[tables.users.columns]]
name = "id"
type = "int"
primary_key = true
[tables.posts]
[[tables.posts.columns]]
name = "user_id"
type = "int"
)toml"},

{.name = "rename a foreign key and change another's actions", .before = R"sql(
CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE posts (
  author integer CONSTRAINT posts_by REFERENCES users,
  editor integer REFERENCES users ON DELETE CASCADE
);
)sql", .after = R"toml(
[tables.users]
[[tables.users.columns]]
name = "id"
type = "int"
primary_key = true
[tables.posts]
[[tables.posts.columns]]
name = "author"
type = "int"
[[tables.posts.columns]]
name = "editor"
type = "int"
[[tables.posts.foreign_keys]]
name = "posts_author_fkey"
columns = ["author"]
references = { table = "users" }
[[tables.posts.foreign_keys]]
columns = ["editor"]
references = { table = "users" }
on_delete = "set null"
on_update = "cascade"
match = "full"
deferrable = true
initially_deferred = true
)toml"},

{.name = "add, drop, rename and change check constraints", .before = R"sql(
CREATE TABLE t (
  a integer CONSTRAINT a_positive CHECK (a > 0),
  b integer CONSTRAINT b_small CHECK (b < 10),
  c integer CONSTRAINT c_old_name CHECK (c <> 0)
);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
[[tables.t.columns]]
name = "c"
type = "int"
[[tables.t.checks]]
name = "b_small"
expression = "b < 100"
[[tables.t.checks]]
name = "c_nonzero"
expression = "c <> 0"
[[tables.t.checks]]
name = "a_b_order"
expression = "a <= b"
)toml", .hazards = {"validation-scan"}},

{.name = "a NOT VALID check becomes valid", .before = R"sql(
CREATE TABLE t (a integer);
ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID;
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
check = "a > 0"
)toml", .hazards = {"validation-scan"}},

{.name = "a NOT VALID foreign key becomes valid, a valid check is added NOT VALID", .before = R"sql(
CREATE TABLE parents (id integer PRIMARY KEY);
CREATE TABLE children (parent_id integer, n integer);
ALTER TABLE children ADD CONSTRAINT children_parent_id_fkey FOREIGN KEY (parent_id)
  REFERENCES parents NOT VALID;
)sql", .after = R"toml(
[tables.parents]
[[tables.parents.columns]]
name = "id"
type = "int"
primary_key = true
[tables.children]
[[tables.children.columns]]
name = "parent_id"
type = "int"
[[tables.children.columns]]
name = "n"
type = "int"
[[tables.children.foreign_keys]]
columns = ["parent_id"]
references = { table = "parents" }
[[tables.children.checks]]
name = "children_n_positive"
expression = "n > 0"
not_valid = true
)toml", .hazards = {"validation-scan"}},

{.name = "add an exclusion constraint and drop another", .before = R"sql(
CREATE TABLE rooms (id integer, during tstzrange,
                    CONSTRAINT rooms_id_excl EXCLUDE USING btree (id WITH =));
)sql", .after = R"toml(
[tables.rooms]
[[tables.rooms.columns]]
name = "id"
type = "int"
[[tables.rooms.columns]]
name = "during"
type = "tstzrange"
[[tables.rooms.excludes]]
name = "rooms_no_overlap"
definition = "USING gist (during WITH &&)"
)toml"},

// ---------------------------------------------------------------- indexes
{.name = "add indexes of every kind", .before = R"sql(
CREATE TABLE t (a integer, b text, doc jsonb, tags text[], during tstzrange, at timestamptz);
INSERT INTO t VALUES (1, 'x', '{}', '{}', '[2024-01-01,2024-01-02)', now());
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "text"
[[tables.t.columns]]
name = "doc"
type = "jsonb"
[[tables.t.columns]]
name = "tags"
type = "text[]"
[[tables.t.columns]]
name = "during"
type = "tstzrange"
[[tables.t.columns]]
name = "at"
type = "timestamptz"
[[tables.t.indexes]]
columns = [{ column = "a", order = "desc", nulls = "last" }, "b"]
[[tables.t.indexes]]
unique = true
columns = ["a"]
where = "a > 0"
include = ["b"]
[[tables.t.indexes]]
columns = [{ expression = "lower(b)" }]
[[tables.t.indexes]]
method = "hash"
columns = ["b"]
[[tables.t.indexes]]
method = "gin"
columns = [{ column = "doc", opclass = "jsonb_path_ops" }]
[[tables.t.indexes]]
method = "gin"
columns = ["tags"]
[[tables.t.indexes]]
method = "gist"
columns = ["during"]
[[tables.t.indexes]]
method = "brin"
columns = ["at"]
[[tables.t.indexes]]
name = "t_b_pattern"
columns = [{ column = "b", opclass = "text_pattern_ops" }]
comment = "For LIKE 'x%'"
)toml", .hazards = {"index-build"}},

{.name = "drop indexes of every kind", .before = R"sql(
CREATE TABLE t (a integer, b text, doc jsonb, during tstzrange, at timestamptz);
CREATE INDEX ON t (a DESC NULLS LAST, b);
CREATE UNIQUE INDEX ON t (a) INCLUDE (b) WHERE a > 0;
CREATE INDEX ON t (lower(b));
CREATE INDEX ON t USING hash (b);
CREATE INDEX ON t USING gin (doc jsonb_path_ops);
CREATE INDEX ON t USING gist (during);
CREATE INDEX ON t USING brin (at);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "text"
[[tables.t.columns]]
name = "doc"
type = "jsonb"
[[tables.t.columns]]
name = "during"
type = "tstzrange"
[[tables.t.columns]]
name = "at"
type = "timestamptz"
)toml", .no_hazards = {"index-build", "data-loss"}},

{.name = "rename an index (same definition, another name)", .before = R"sql(
CREATE TABLE t (a integer, b integer);
CREATE INDEX old_index_name ON t (a, b DESC) WHERE a > 1;
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
[[tables.t.indexes]]
name = "t_a_b"
columns = ["a", { column = "b", order = "desc" }]
where = "a > 1"
)toml", .no_hazards = {"index-build"}},

{.name = "change an index's key order, predicate and method", .before = R"sql(
CREATE TABLE t (a integer, b text);
CREATE INDEX t_a ON t (a);
CREATE INDEX t_b ON t (b) WHERE b <> '';
CREATE INDEX t_b_hash ON t USING btree (b);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "text"
[[tables.t.indexes]]
name = "t_a"
columns = [{ column = "a", order = "desc" }]
[[tables.t.indexes]]
name = "t_b"
columns = ["b"]
where = "b IS NOT NULL"
[[tables.t.indexes]]
name = "t_b_hash"
method = "hash"
columns = ["b"]
)toml", .hazards = {"index-build"}},

// ---------------------------------------------------------------- enums
{.name = "enum: add a value first", .before = R"sql(
CREATE TYPE level AS ENUM ('low', 'high');
)sql", .after = R"toml(
[enums.level]
values = ["none", "low", "high"]
)toml"},

{.name = "enum: add values in the middle and at the end", .before = R"sql(
CREATE TYPE level AS ENUM ('low', 'high');
CREATE TABLE t (l level);
INSERT INTO t VALUES ('high');
)sql", .after = R"toml(
[enums.level]
values = ["low", "medium", "high", "extreme", "off the chart"]
[tables.t]
[[tables.t.columns]]
name = "l"
type = "level"
)toml", .check = "SELECT l = 'high' FROM t"},

{.name = "enum: rename a value with renamed_values, keeping the rows", .before = R"sql(
CREATE TYPE state AS ENUM ('todo', 'doing', 'done');
CREATE TABLE t (s state);
INSERT INTO t VALUES ('doing');
)sql", .after = R"toml(
[enums.state]
values = ["todo", "in progress", "done"]
renamed_values = { "in progress" = "doing" }
[tables.t]
[[tables.t.columns]]
name = "s"
type = "state"
)toml", .check = "SELECT s = 'in progress' FROM t"},

{.name = "create an enum with a column; drop another enum with its column", .before = R"sql(
CREATE TYPE old_kind AS ENUM ('x');
CREATE TABLE t (id integer, k old_kind);
)sql", .after = R"toml(
[enums.new_kind]
values = ["y", "z"]
comment = "The new kinds"
[tables.t]
[[tables.t.columns]]
name = "id"
type = "int"
[[tables.t.columns]]
name = "kind"
type = "new_kind"
default = "'y'"
)toml", .hazards = {"data-loss"}},

// ---------------------------------------------------------------- domains
{.name = "domain: add a check and drop another", .before = R"sql(
CREATE DOMAIN pct AS integer CONSTRAINT pct_small CHECK (VALUE < 1000);
CREATE TABLE t (p pct);
)sql", .after = R"toml(
[domains.pct]
type = "int"
checks = [{ name = "pct_range", expression = "VALUE BETWEEN 0 AND 100" }]
[tables.t]
[[tables.t.columns]]
name = "p"
type = "pct"
)toml", .hazards = {"validation-scan"}},

{.name = "domain: set not null and a default", .before = R"sql(
CREATE DOMAIN label AS text;
)sql", .after = R"toml(
[domains.label]
type = "text"
nullable = false
default = "'none'"
)toml"},

{.name = "domain: drop not null and the default, change a check's expression", .before = R"sql(
CREATE DOMAIN label AS text NOT NULL DEFAULT 'x' CONSTRAINT label_short CHECK (length(VALUE) < 10);
)sql", .after = R"toml(
[domains.label]
type = "text"
checks = [{ name = "label_short", expression = "length(VALUE) < 20" }]
)toml"},

{.name = "create a domain and a column of it; drop another domain", .before = R"sql(
CREATE DOMAIN gone AS integer;
CREATE TABLE t (id integer);
)sql", .after = R"toml(
[domains.email]
type = "varchar(320)"
checks = ["VALUE LIKE '%@%'"]
comment = "An e-mail address"
[tables.t]
[[tables.t.columns]]
name = "id"
type = "int"
[[tables.t.columns]]
name = "email"
type = "email"
)toml"},

{.name = "domain: a NOT VALID check becomes valid", .before = R"sql(
CREATE DOMAIN pos AS integer;
ALTER DOMAIN pos ADD CONSTRAINT pos_check CHECK (VALUE > 0) NOT VALID;
)sql", .after = R"toml(
[domains.pos]
type = "int"
checks = [{ name = "pos_check", expression = "VALUE > 0" }]
)toml", .hazards = {"validation-scan"}},

// ---------------------------------------------------------------- sequences
{.name = "sequence: change every option", .before = R"sql(
CREATE SEQUENCE s START WITH 20;
)sql", .after = R"toml(
[sequences.s]
type = "int"
start = 10
increment = 5
min = 5
max = 100000
cache = 3
cycle = true
)toml"},

{.name = "sequence: set and change OWNED BY", .before = R"sql(
CREATE TABLE t (a bigint, b bigint);
CREATE SEQUENCE s1;
CREATE SEQUENCE s2 OWNED BY t.a;
)sql", .after = R"toml(
[sequences.s1]
owned_by = "t.a"
[sequences.s2]
owned_by = "t.b"
[tables.t]
[[tables.t.columns]]
name = "a"
type = "bigint"
default = "nextval('s1')"
[[tables.t.columns]]
name = "b"
type = "bigint"
)toml"},

{.name = "sequence: create one and drop another", .before = R"sql(
CREATE SEQUENCE old_numbers;
)sql", .after = R"toml(
[sequences.new_numbers]
start = 100
comment = "Fresh numbers"
)toml", .hazards = {"data-loss"}},

{.name = "drop a table with its serial column's sequence", .before = R"sql(
CREATE TABLE t (id serial PRIMARY KEY);
CREATE TABLE keep (id integer);
)sql", .after = R"toml(
[tables.keep]
[[tables.keep.columns]]
name = "id"
type = "int"
)toml", .hazards = {"data-loss"}},

// ---------------------------------------------------------------- views
{.name = "a view over a column whose type changes is dropped and recreated", .before = R"sql(
CREATE TABLE t (id integer, name varchar(20));
CREATE VIEW v AS SELECT id, name FROM t;
INSERT INTO t VALUES (1, 'a');
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "bigint"
[[tables.t.columns]]
name = "name"
type = "varchar(20)"
[views.v]
query = "SELECT id, name FROM t"
)toml", .hazards = {"table-rewrite"}, .check = "SELECT count(*) = 1 FROM v"},

{.name = "views over views over a column whose type changes", .before = R"sql(
CREATE TABLE t (n integer, other text);
CREATE VIEW v1 AS SELECT n, other FROM t;
CREATE VIEW v2 AS SELECT n * 2 AS doubled FROM v1;
CREATE VIEW v3 AS SELECT doubled FROM v2 WHERE doubled > 0;
CREATE VIEW unrelated AS SELECT other FROM t;
COMMENT ON VIEW v3 IS 'The top view';
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "n"
type = "numeric"
[[tables.t.columns]]
name = "other"
type = "text"
[views.v1]
query = "SELECT n, other FROM t"
[views.v2]
query = "SELECT n * 2 AS doubled FROM v1"
[views.v3]
query = "SELECT doubled FROM v2 WHERE doubled > 0"
comment = "The top view"
[views.unrelated]
query = "SELECT other FROM t"
)toml"},

{.name = "change a view's definition and drop another view", .before = R"sql(
CREATE TABLE t (a integer, b integer);
CREATE VIEW v AS SELECT a FROM t;
CREATE VIEW gone AS SELECT b FROM t;
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
[views.v]
query = "SELECT a, b, a + b AS total FROM t"
)toml"},

{.name = "drop a column that a view reads, and the view with it", .before = R"sql(
CREATE TABLE t (a integer, b integer);
CREATE VIEW v AS SELECT a, b FROM t;
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[views.v]
query = "SELECT a FROM t"
)toml", .hazards = {"data-loss"}},

{.name = "create a materialized view with indexes", .before = R"sql(
CREATE TABLE sales (day date, amount numeric);
INSERT INTO sales VALUES ('2024-01-01', 10), ('2024-01-01', 5);
)sql", .after = R"toml(
[tables.sales]
[[tables.sales.columns]]
name = "day"
type = "date"
[[tables.sales.columns]]
name = "amount"
type = "numeric"
[views.daily]
materialized = true
query = "SELECT day, sum(amount) AS total FROM sales GROUP BY day"
comment = "Per day"
[[views.daily.indexes]]
unique = true
columns = ["day"]
[[views.daily.indexes]]
columns = [{ column = "total", order = "desc" }]
)toml", .check = "SELECT total = 15 FROM daily"},

{.name = "a materialized view's definition changes; its indexes come back", .before = R"sql(
CREATE TABLE sales (day date, amount numeric);
CREATE MATERIALIZED VIEW daily AS SELECT day, sum(amount) AS total FROM sales GROUP BY day;
CREATE UNIQUE INDEX daily_day_idx ON daily (day);
)sql", .after = R"toml(
[tables.sales]
[[tables.sales.columns]]
name = "day"
type = "date"
[[tables.sales.columns]]
name = "amount"
type = "numeric"
[views.daily]
materialized = true
query = "SELECT day, sum(amount) AS total, count(*) AS sales FROM sales GROUP BY day"
[[views.daily.indexes]]
unique = true
columns = ["day"]
)toml"},

{.name = "a materialized view gains an index, loses another, and changes its comment", .before = R"sql(
CREATE TABLE t (a integer, b integer);
CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;
CREATE INDEX m_a_idx ON m (a);
COMMENT ON MATERIALIZED VIEW m IS 'old';
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
[views.m]
materialized = true
query = "SELECT a, b FROM t"
comment = "new"
[[views.m.indexes]]
columns = ["b"]
)toml"},

// ---------------------------------------------------------------- partitions
{.name = "add a partition and drop another", .before = R"sql(
CREATE TABLE m (at date NOT NULL, v integer) PARTITION BY RANGE (at);
CREATE TABLE m_2023 PARTITION OF m FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
)sql", .after = R"toml(
[tables.m]
partition_by = "RANGE (at)"
[[tables.m.columns]]
name = "at"
type = "date"
nullable = false
[[tables.m.columns]]
name = "v"
type = "int"
[tables.m_2024]
partition_of = "m"
partition_bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
)toml", .hazards = {"data-loss"}},

{.name = "add a default partition and a list partition", .before = R"sql(
CREATE TABLE c (region text, id integer) PARTITION BY LIST (region);
CREATE TABLE c_eu PARTITION OF c FOR VALUES IN ('eu');
)sql", .after = R"toml(
[tables.c]
partition_by = "LIST (region)"
[[tables.c.columns]]
name = "region"
type = "text"
[[tables.c.columns]]
name = "id"
type = "int"
[tables.c_eu]
partition_of = "c"
partition_bound = "FOR VALUES IN ('eu')"
[tables.c_us]
partition_of = "c"
partition_bound = "FOR VALUES IN ('us')"
[tables.c_other]
partition_of = "c"
partition_bound = "DEFAULT"
)toml"},

{.name = "create a hash-partitioned table with its partitions", .before = "", .after = R"toml(
[tables.h]
partition_by = "HASH (id)"
[[tables.h.columns]]
name = "id"
type = "bigint"
nullable = false
[tables.h_0]
partition_of = "h"
partition_bound = "FOR VALUES WITH (MODULUS 2, REMAINDER 0)"
[tables.h_1]
partition_of = "h"
partition_bound = "FOR VALUES WITH (MODULUS 2, REMAINDER 1)"
)toml"},

// ---------------------------------------------------------------- foreign key graphs
{.name = "two tables referencing each other, created at once", .before = "", .after = R"toml(
[tables.employees]
[[tables.employees.columns]]
name = "id"
type = "int"
primary_key = true
[[tables.employees.columns]]
name = "department_id"
type = "int"
[[tables.employees.foreign_keys]]
columns = ["department_id"]
references = { table = "departments" }
[tables.departments]
[[tables.departments.columns]]
name = "id"
type = "int"
primary_key = true
[[tables.departments.columns]]
name = "manager_id"
type = "int"
[[tables.departments.foreign_keys]]
columns = ["manager_id"]
references = { table = "employees" }
)toml"},

{.name = "a 30-table foreign key chain, created at once", .before = "", .after = fk_chain_toml(30)},

{.name = "drop a referenced table together with the foreign key to it", .before = R"sql(
CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE posts (id integer, user_id integer REFERENCES users);
)sql", .after = R"toml(
[tables.posts]
[[tables.posts.columns]]
name = "id"
type = "int"
[[tables.posts.columns]]
name = "user_id"
type = "int"
)toml", .hazards = {"data-loss"}},

{.name = "a new table referenced by a new column of an existing one", .before = R"sql(
CREATE TABLE todos (id integer PRIMARY KEY);
)sql", .after = R"toml(
[tables.todos]
[[tables.todos.columns]]
name = "id"
type = "int"
primary_key = true
[[tables.todos.columns]]
name = "owner_id"
type = "int"
[[tables.todos.foreign_keys]]
columns = ["owner_id"]
references = { table = "owners" }
on_delete = "cascade"
[tables.owners]
[[tables.owners.columns]]
name = "id"
type = "int"
primary_key = true
)toml"},

{.name = "a foreign key whose referenced key changes columns", .before = R"sql(
CREATE TABLE users (id integer PRIMARY KEY, email text);
CREATE TABLE posts (user_id integer REFERENCES users);
)sql", .after = R"toml(
[tables.users]
[[tables.users.columns]]
name = "id"
type = "int"
nullable = false
[[tables.users.columns]]
name = "email"
type = "text"
primary_key = true
[tables.posts]
[[tables.posts.columns]]
name = "user_email"
type = "text"
[[tables.posts.foreign_keys]]
columns = ["user_email"]
references = { table = "users" }
)toml", .hazards = {"data-loss"}},

// ---------------------------------------------------------------- comments
{.name = "comments added, changed and removed everywhere", .before = R"sql(
COMMENT ON SCHEMA app IS 'old schema comment';
CREATE TYPE e AS ENUM ('a');
COMMENT ON TYPE e IS 'old enum comment';
CREATE DOMAIN d AS integer;
CREATE SEQUENCE s;
COMMENT ON SEQUENCE s IS 'old sequence comment';
CREATE TABLE t (a integer CONSTRAINT t_a_check CHECK (a > 0), b integer);
COMMENT ON TABLE t IS 'old table comment';
COMMENT ON COLUMN t.a IS 'old column comment';
CREATE INDEX t_b_idx ON t (b);
CREATE VIEW v AS SELECT a FROM t;
)sql", .after = R"toml(
comment = "new schema comment"
[enums.e]
values = ["a"]
[domains.d]
type = "int"
comment = "new domain comment"
[sequences.s]
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
comment = "new column comment"
[[tables.t.checks]]
name = "t_a_check"
expression = "a > 0"
comment = "new constraint comment"
[[tables.t.indexes]]
name = "t_b_idx"
columns = ["b"]
comment = "new index comment"
[views.v]
query = "SELECT a FROM t"
comment = "new view comment"
)toml", .no_hazards = {"data-loss", "table-rewrite", "index-build", "validation-scan"}},

// ---------------------------------------------------------------- schema names
{.name = "changes in a schema whose name starts with a digit", .before = R"sql(
CREATE TYPE "00_personal_todo".todo_state AS ENUM ('open', 'done');
CREATE TABLE "00_personal_todo".todos (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                                       title text);
)sql", .after = R"toml(
schema = "00_personal_todo"
[enums.todo_state]
values = ["open", "done", "archived"]
[tables.todos]
primary_key = ["id"]
[[tables.todos.columns]]
name = "id"
type = "bigint"
identity = "always"
[[tables.todos.columns]]
name = "title"
type = "varchar(255)"
nullable = false
[[tables.todos.columns]]
name = "state"
type = "todo_state"
default = "'open'"
[[tables.todos.indexes]]
columns = ["state"]
[views.open_todos]
query = "SELECT id, title FROM todos WHERE state = 'open'"
)toml"},

{.name = "changes in a schema with capitals, spaces and quotes", .before = R"sql(
CREATE TABLE "My ""Odd"" Schema"."Things" ("ID" integer PRIMARY KEY, "Old Name" text);
CREATE TABLE "My ""Odd"" Schema"."Gone Table" ("X" integer);
)sql", .after = R"toml(
schema = 'My "Odd" Schema'
[enums."Mood"]
values = ["Up", "Down"]
[tables."Other Things"]
renamed_from = "Things"
primary_key = ["ID"]
[[tables."Other Things".columns]]
name = "ID"
type = "bigint"
[[tables."Other Things".columns]]
name = "Old Name"
type = "text"
[[tables."Other Things".columns]]
name = "How"
type = '"Mood"'
[[tables."Other Things".indexes]]
columns = ["Old Name", "How"]
)toml", .hazards = {"data-loss"}},

{.name = "identity column widened int to bigint", .before = R"sql(
CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "bigint"
identity = "always"
primary_key = true
)toml", .hazards = {"table-rewrite"}},

{.name = "add a foreign key into another schema", .before = R"sql(
CREATE SCHEMA users_schema;
CREATE TABLE users_schema.users (id bigint PRIMARY KEY);
CREATE TABLE todos (owner_id bigint);
)sql", .after = R"toml(
[tables.todos]
[[tables.todos.columns]]
name = "owner_id"
type = "bigint"
[[tables.todos.foreign_keys]]
columns = ["owner_id"]
references = { schema = "users_schema", table = "users", columns = ["id"] }
)toml", .hazards = {"validation-scan"}},

{.name = "add an index and a column to a partitioned table", .before = R"sql(
CREATE TABLE m (at date NOT NULL, v integer) PARTITION BY RANGE (at);
CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
)sql", .after = R"toml(
[tables.m]
partition_by = "RANGE (at)"
[[tables.m.columns]]
name = "at"
type = "date"
nullable = false
[[tables.m.columns]]
name = "v"
type = "int"
[[tables.m.columns]]
name = "note"
type = "text"
[[tables.m.indexes]]
columns = ["v"]
[tables.m_2024]
partition_of = "m"
partition_bound = "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
)toml"},

{.name = "a materialized view with an index over a column whose type changes", .before = R"sql(
CREATE TABLE t (id integer, name text);
CREATE MATERIALIZED VIEW m AS SELECT id, name FROM t;
CREATE UNIQUE INDEX m_id_idx ON m (id);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "bigint"
[[tables.t.columns]]
name = "name"
type = "text"
[views.m]
materialized = true
query = "SELECT id, name FROM t"
[[views.m.indexes]]
unique = true
columns = ["id"]
)toml", .hazards = {"table-rewrite"}},

{.name = "rename a column that an index and a view use", .before = R"sql(
CREATE TABLE t (a integer, b text);
CREATE INDEX t_a_idx ON t (a);
CREATE VIEW v AS SELECT a FROM t;
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "alpha"
type = "int"
renamed_from = "a"
[[tables.t.columns]]
name = "b"
type = "text"
[[tables.t.indexes]]
columns = ["alpha"]
[views.v]
query = "SELECT alpha AS a FROM t"
)toml"},

{.name = "a partition's bound changes", .before = R"sql(
CREATE TABLE c (region text) PARTITION BY LIST (region);
CREATE TABLE c_eu PARTITION OF c FOR VALUES IN ('de');
)sql", .after = R"toml(
[tables.c]
partition_by = "LIST (region)"
[[tables.c.columns]]
name = "region"
type = "text"
[tables.c_eu]
partition_of = "c"
partition_bound = "FOR VALUES IN ('de', 'fr')"
)toml", .hazards = {"data-loss"}},

{.name = "a column with a comment is renamed and its comment changes", .before = R"sql(
CREATE TABLE t (a integer);
COMMENT ON COLUMN t.a IS 'old';
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "b"
type = "int"
renamed_from = "a"
comment = "new"
)toml"},

{.name = "a serial table is renamed", .before = R"sql(
CREATE TABLE old_t (id serial PRIMARY KEY);
)sql", .after = R"toml(
[sequences.old_t_id_seq]
type = "int"
owned_by = "new_t.id"
[tables.new_t]
renamed_from = "old_t"
[[tables.new_t.columns]]
name = "id"
type = "int"
default = "nextval('old_t_id_seq')"
primary_key = true
)toml"},

{.name = "add a not null column with a default to a table with rows, and a check", .before = R"sql(
CREATE TABLE t (a integer);
INSERT INTO t VALUES (1), (2);
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "created_at"
type = "timestamptz"
nullable = false
default = "now()"
[[tables.t.columns]]
name = "b"
type = "int"
nullable = false
default = "0"
check = "b >= 0"
)toml", .check = "SELECT count(*) = 2 FROM t WHERE b = 0"},

// ---------------------------------------------------------------- plans that used to fail
{.name = "rename a table and change its columns in one plan: rename and retype, drop, recompute",
 .before = R"sql(
CREATE TABLE todos (id integer PRIMARY KEY, title varchar(10), gone text,
                    twice integer GENERATED ALWAYS AS (id * 2) STORED);
INSERT INTO todos (id, title, gone) VALUES (1, 'write', 'x');
)sql", .after = R"toml(
[tables.tasks]
renamed_from = "todos"
primary_key = ["id"]
[[tables.tasks.columns]]
name = "id"
type = "int"
comment = "Kept"
[[tables.tasks.columns]]
name = "name"
type = "text"
renamed_from = "title"
nullable = false
[[tables.tasks.columns]]
name = "twice"
type = "int"
generated = "id * 3"
)toml", .hazards = {"data-loss"}, .check = "SELECT name = 'write' AND twice = 3 FROM tasks"},

{.name = "enum: values added and used in the same plan, by a default and a check",
 .before = R"sql(
CREATE TYPE state AS ENUM ('open', 'done');
CREATE TABLE t (s state);
INSERT INTO t VALUES ('open');
)sql", .after = R"toml(
[enums.state]
values = ["new", "open", "doing", "review", "done"]
[tables.t]
[[tables.t.columns]]
name = "s"
type = "state"
default = "'new'"
check = "s <> 'review'"
)toml", .hazards = {"not-transactional"}, .check = "SELECT s = 'open' FROM t"},

{.name = "domain: the way out of a base type change that columns hold: move them to a new one",
 .before = R"sql(
CREATE DOMAIN code AS varchar(4);
CREATE TABLE t (c code);
INSERT INTO t VALUES ('ab');
)sql", .after = R"toml(
[domains.long_code]
type = "varchar(40)"
[tables.t]
[[tables.t.columns]]
name = "c"
type = "long_code"
)toml", .check = "SELECT c = 'ab' FROM t"},

{.name = "domain: change the base type of a domain no column uses", .before = R"sql(
CREATE DOMAIN code AS varchar(4);
)sql", .after = R"toml(
[domains.code]
type = "text"
)toml"},

{.name = "sequence: MINVALUE raised above the current value restarts it at its START",
 .before = R"sql(
CREATE SEQUENCE low;
SELECT nextval('low');
CREATE SEQUENCE fresh;
CREATE SEQUENCE past START 500;
SELECT setval('past', 600);
)sql", .after = R"toml(
[sequences.low]
min = 100
[sequences.fresh]
min = 10
start = 20
[sequences.past]
min = 100
start = 500
)toml", .check = "SELECT nextval('low') = 100 AND nextval('fresh') = 20 AND nextval('past') = 601"},

{.name = "unnamed checks with comments, added to a table", .before = R"sql(
CREATE TABLE t (a integer, b integer);
ALTER TABLE t ADD CHECK (a > 0);
)sql", .after = R"toml(
[tables.t]
checks = [
  "a > 0",
  { expression = "a < 100", comment = "Small" },
  { expression = "a < b", comment = "Ordered" },
]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
)toml"},

{.name = "nothing to do", .before = R"sql(
CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL DEFAULT '');
)sql", .after = R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "int"
primary_key = true
[[tables.t.columns]]
name = "name"
type = "text"
nullable = false
default = "''"
)toml"},
  };
  return all;
}
// clang-format on

struct Outcome {
  Catalog from;
  Catalog to;
  recon::plan::OrderedChanges plan;
  Catalog reached;
};

// A made by SQL in `db`, B normalized; the plan from A to B, run on A.
Outcome converge(recon::testing::TestDatabase& db, const std::string& before_sql,
                 const std::string& after_toml, bool schema_absent = false) {
  Outcome out;
  const Catalog parsed = recon::testing::parsed(after_toml);
  const std::string schema = parsed.schema;
  auto normalized = recon::testing::normalized_async(parsed);
  if (!schema_absent) recon::testing::run_sql(db.conn(), schema, before_sql);
  out.from = recon::testing::introspected(db.conn(), schema, parsed.ignored);
  out.to = normalized.get();
  out.plan = recon::plan::order(recon::diff::diff(out.from, out.to));
  INFO("plan:\n" << describe(out.plan.changes));
  recon::plan::run_plan(db.conn(), schema, out.plan.changes);
  out.reached = recon::testing::introspected(db.conn(), schema, out.to.ignored);
  return out;
}

std::size_t step_of(const recon::plan::OrderedChanges& plan, const std::string& summary) {
  for (std::size_t i = 0; i < plan.changes.size(); ++i) {
    if (plan.changes[i].summary == summary) return i;
  }
  FAIL("no step '" << summary << "' in the plan:\n" << describe(plan.changes));
  return 0;
}

}  // namespace

TEST_CASE("the plan from a state to a declared one reaches it, and then there is nothing to do",
          "[convergence]") {
  const auto& all = transitions();
  REQUIRE(all.size() >= 60);
  for (const Transition& t : all) {
    DYNAMIC_SECTION(t.name) {
      INFO("A (SQL):\n" << t.before);
      INFO("B (TOML):\n" << t.after);
      recon::testing::TestDatabase db;
      const Outcome out = converge(db, t.before, t.after, t.schema_absent);
      INFO("plan:\n" << describe(out.plan.changes));
      check_same_catalog(out.reached, "reached state", out.to, "declared state B");
      const auto again = recon::diff::diff(out.reached, out.to);
      INFO("second diff:\n" << describe(again));
      CHECK(again.empty());
      for (const auto& kind : t.hazards) {
        INFO("hazard expected: " << kind);
        CHECK(has_hazard(out.plan.changes, kind));
      }
      for (const auto& kind : t.no_hazards) {
        INFO("hazard not expected: " << kind);
        CHECK_FALSE(has_hazard(out.plan.changes, kind));
      }
      if (!t.check.empty()) {
        pqxx::work txn(db.conn());
        txn.exec("SET LOCAL search_path TO " + recon::quote_ident(out.to.schema));
        INFO("check: " << t.check);
        CHECK(txn.exec1(t.check)[0].as<bool>());
      }
    }
  }
}

TEST_CASE("a column declared in the middle is appended: only the column order differs",
          "[convergence]") {
  recon::testing::TestDatabase db;
  const Outcome out = converge(db, "CREATE TABLE t (a integer, c integer);", R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "text"
[[tables.t.columns]]
name = "c"
type = "int"
)toml");
  const auto& columns = out.reached.tables.at("t").columns;
  REQUIRE(columns.size() == 3);
  CHECK(columns[0].name == "a");
  CHECK(columns[1].name == "c");
  CHECK(columns[2].name == "b");
  check_same_catalog(out.reached, "reached state", out.to, "declared state B",
                     /*any_column_order=*/true);
  const auto again = recon::diff::diff(out.reached, out.to);
  INFO("second diff:\n" << describe(again));
  CHECK(again.empty());
}

TEST_CASE("removing an enum value is refused with the way out", "[convergence]") {
  recon::testing::TestDatabase db;
  recon::testing::run_sql(db.conn(), "app", "CREATE TYPE state AS ENUM ('open', 'stale', 'done');");
  const Catalog from = recon::testing::introspected(db.conn(), "app");
  const Catalog to = recon::testing::declared(R"toml(
[enums.state]
values = ["open", "done"]
)toml");
  try {
    (void)recon::diff::diff(from, to);
    FAIL("diff accepted the removal of an enum value");
  } catch (const recon::InputError& e) {
    const std::string message = e.what();
    INFO(message);
    CHECK(message.find("stale") != std::string::npos);
    CHECK(message.find("recreate the type") != std::string::npos);
  }
}

TEST_CASE("changing the base type of a domain that columns use is refused with the way out",
          "[convergence]") {
  recon::testing::TestDatabase db;
  recon::testing::run_sql(db.conn(), "app", R"sql(
CREATE DOMAIN "Code" AS varchar(4);
CREATE TABLE t (c "Code"[], d "Code" DEFAULT 'ab');
)sql");
  const Catalog from = recon::testing::introspected(db.conn(), "app");
  const Catalog to = recon::testing::declared(R"toml(
[domains.Code]
type = "varchar(40)"
[tables.t]
[[tables.t.columns]]
name = "c"
type = '"Code"[]'
[[tables.t.columns]]
name = "d"
type = '"Code"'
default = "'ab'"
)toml");
  try {
    (void)recon::diff::diff(from, to);
    FAIL("diff accepted a base type change of a domain in use");
  } catch (const recon::InputError& e) {
    const std::string message = e.what();
    INFO(message);
    CHECK(message.find("(t.c, t.d)") != std::string::npos);
    CHECK(message.find("a domain of another name") != std::string::npos);
  }
}

TEST_CASE("reordering enum values is refused", "[convergence]") {
  recon::testing::TestDatabase db;
  recon::testing::run_sql(db.conn(), "app", "CREATE TYPE state AS ENUM ('a', 'b');");
  const Catalog from = recon::testing::introspected(db.conn(), "app");
  const Catalog to = recon::testing::declared(R"toml(
[enums.state]
values = ["b", "a"]
)toml");
  CHECK_THROWS_AS(recon::diff::diff(from, to), recon::InputError);
}

TEST_CASE("foreign keys come after both tables they join", "[convergence]") {
  recon::testing::TestDatabase db;
  const Outcome out = converge(db, "", transitions().at(0).after + R"toml(
[tables.owners]
[[tables.owners.columns]]
name = "id"
type = "int"
primary_key = true
[[tables.owners.columns]]
name = "favourite"
type = "bigint"
[[tables.owners.foreign_keys]]
columns = ["favourite"]
references = { table = "todos" }
)toml");
  const auto& plan = out.plan;
  const std::size_t owners = step_of(plan, "+ table owners");
  const std::size_t todos = step_of(plan, "+ table todos");
  std::size_t fk = plan.changes.size();
  for (std::size_t i = 0; i < plan.changes.size(); ++i) {
    if (plan.changes[i].kind == recon::ChangeKind::add_foreign_key) fk = i;
  }
  REQUIRE(fk < plan.changes.size());
  CHECK(owners < fk);
  CHECK(todos < fk);
}

TEST_CASE("tables referencing each other: both created, then both foreign keys", "[convergence]") {
  const Transition* cycle = nullptr;
  for (const auto& t : transitions()) {
    if (t.name.starts_with("two tables referencing each other")) cycle = &t;
  }
  REQUIRE(cycle != nullptr);
  recon::testing::TestDatabase db;
  const Outcome out = converge(db, cycle->before, cycle->after);
  std::size_t last_table = 0, first_fk = out.plan.changes.size(), fks = 0;
  for (std::size_t i = 0; i < out.plan.changes.size(); ++i) {
    const auto kind = out.plan.changes[i].kind;
    if (kind == recon::ChangeKind::create_table) last_table = i;
    if (kind == recon::ChangeKind::add_foreign_key) {
      first_fk = std::min(first_fk, i);
      ++fks;
    }
  }
  INFO(describe(out.plan.changes));
  CHECK(fks == 2);
  CHECK(last_table < first_fk);
}

TEST_CASE("a view is dropped before a column type change it reads and created after it",
          "[convergence]") {
  recon::testing::TestDatabase db;
  const Outcome out = converge(db, R"sql(
CREATE TABLE t (id integer, name text);
CREATE VIEW v AS SELECT id, name FROM t;
CREATE VIEW w AS SELECT id FROM v;
)sql",
                               R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "bigint"
[[tables.t.columns]]
name = "name"
type = "text"
[views.v]
query = "SELECT id, name FROM t"
[views.w]
query = "SELECT id FROM v"
)toml");
  const auto& plan = out.plan;
  INFO(describe(plan.changes));
  const std::size_t alter = step_of(plan, "~ column t.id: type integer -> bigint");
  const std::size_t drop_v = step_of(plan, "- view v");
  const std::size_t drop_w = step_of(plan, "- view w");
  const std::size_t create_v = step_of(plan, "+ view v");
  const std::size_t create_w = step_of(plan, "+ view w");
  CHECK(drop_w < drop_v);
  CHECK(drop_v < alter);
  CHECK(alter < create_v);
  CHECK(create_v < create_w);
  check_same_catalog(out.reached, "reached state", out.to, "declared state B");
}

TEST_CASE("hazards are on the steps that carry them", "[convergence]") {
  recon::testing::TestDatabase db;
  const Outcome out = converge(db, R"sql(
CREATE TABLE t (id integer, gone text, maybe text);
CREATE TABLE dropped (x integer);
)sql",
                               R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "bigint"
[[tables.t.columns]]
name = "maybe"
type = "text"
nullable = false
)toml");
  const auto& plan = out.plan;
  INFO(describe(plan.changes));
  auto kinds_of = [&](const std::string& summary) {
    std::vector<std::string> kinds;
    for (const auto& h : plan.changes.at(step_of(plan, summary)).hazards) kinds.push_back(h.kind);
    return kinds;
  };
  using Catch::Matchers::VectorContains;
  CHECK_THAT(kinds_of("- column t.gone"), VectorContains(std::string("data-loss")));
  CHECK_THAT(kinds_of("- table dropped"), VectorContains(std::string("data-loss")));
  CHECK_THAT(kinds_of("~ column t.id: type integer -> bigint"),
             VectorContains(std::string("table-rewrite")));
  // Online (the default), the scan for nulls is the validation of a check of its own.
  CHECK_THAT(kinds_of("~ column t.maybe: validate not null check"),
             VectorContains(std::string("validation-scan")));
  // The steps that change nothing dangerous carry nothing.
  for (const auto& change : plan.changes) {
    if (change.summary == "- column t.gone" || change.summary == "- table dropped") continue;
    for (const auto& h : change.hazards) {
      INFO(change.summary);
      CHECK(h.kind != "data-loss");
    }
  }
}
