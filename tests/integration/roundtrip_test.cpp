// Round trip: a schema declared in TOML, normalized through the dev server, equals the catalog
// introspected from the same schema created by hand-written SQL (canonical JSON and
// fingerprint). The TOML uses the spellings people write (int, varchar(255), timestamptz,
// bool, now()); the SQL often uses others (integer, character varying, boolean, ...).

#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "integration/schema_states.hpp"

namespace {

using recon::testing::check_same_catalog;

struct State {
  std::string name;
  std::string toml;  // schema "app" unless it says otherwise
  std::string sql;   // run with the search path set to the declared schema, created first
};

// clang-format off
const std::vector<State>& states() {
  static const std::vector<State> all = {
// ---------------------------------------------------------------- tables
{"a table with a primary key column", R"toml(
[tables.users]
[[tables.users.columns]]
name = "id"
type = "int"
primary_key = true
)toml", R"sql(
CREATE TABLE users (id integer PRIMARY KEY);
)sql"},

{"table and column comments", R"toml(
[tables.notes]
comment = "One row per note"
[[tables.notes.columns]]
name = "body"
type = "text"
comment = "What the note says; it's free text"
[[tables.notes.columns]]
name = "plain"
type = "text"
)toml", R"sql(
CREATE TABLE notes (body text, plain text);
COMMENT ON TABLE notes IS 'One row per note';
COMMENT ON COLUMN notes.body IS 'What the note says; it''s free text';
)sql"},

{"an unlogged table", R"toml(
[tables.cache]
unlogged = true
[[tables.cache.columns]]
name = "key"
type = "text"
nullable = false
[[tables.cache.columns]]
name = "value"
type = "bytea"
)toml", R"sql(
CREATE UNLOGGED TABLE cache (key text NOT NULL, value bytea);
)sql"},

{"integer types by their short names", R"toml(
[tables.numbers]
[[tables.numbers.columns]]
name = "s"
type = "int2"
[[tables.numbers.columns]]
name = "i"
type = "int"
[[tables.numbers.columns]]
name = "i4"
type = "int4"
[[tables.numbers.columns]]
name = "b"
type = "int8"
[[tables.numbers.columns]]
name = "big"
type = "BIGINT"
)toml", R"sql(
CREATE TABLE numbers (s smallint, i integer, i4 integer, b bigint, big bigint);
)sql"},

{"character types with and without length", R"toml(
[tables.texts]
[[tables.texts.columns]]
name = "title"
type = "varchar(255)"
[[tables.texts.columns]]
name = "code"
type = "char(3)"
[[tables.texts.columns]]
name = "flag"
type = "char"
[[tables.texts.columns]]
name = "free"
type = "varchar"
[[tables.texts.columns]]
name = "body"
type = "text"
)toml", R"sql(
CREATE TABLE texts (
  title character varying(255),
  code character(3),
  flag bpchar(1),
  free character varying,
  body text
);
)sql"},

{"numeric and floating point types", R"toml(
[tables.money]
[[tables.money.columns]]
name = "amount"
type = "numeric(10,2)"
[[tables.money.columns]]
name = "ratio"
type = "decimal(5, 4)"
[[tables.money.columns]]
name = "any_precision"
type = "numeric"
[[tables.money.columns]]
name = "r"
type = "float4"
[[tables.money.columns]]
name = "d"
type = "float8"
[[tables.money.columns]]
name = "f"
type = "float"
[[tables.money.columns]]
name = "m"
type = "money"
)toml", R"sql(
CREATE TABLE money (
  amount NUMERIC(10, 2),
  ratio numeric(5,4),
  any_precision decimal,
  r real,
  d double precision,
  f double precision,
  m money
);
)sql"},

{"booleans with defaults", R"toml(
[tables.flags]
[[tables.flags.columns]]
name = "done"
type = "bool"
nullable = false
default = "false"
[[tables.flags.columns]]
name = "visible"
type = "boolean"
default = "TRUE"
)toml", R"sql(
CREATE TABLE flags (done boolean NOT NULL DEFAULT FALSE, visible bool DEFAULT true);
)sql"},

{"date and time types with and without time zone", R"toml(
[tables.times]
[[tables.times.columns]]
name = "at"
type = "timestamptz"
[[tables.times.columns]]
name = "local"
type = "timestamp"
[[tables.times.columns]]
name = "precise"
type = "timestamptz(3)"
[[tables.times.columns]]
name = "day"
type = "date"
[[tables.times.columns]]
name = "clock"
type = "time"
[[tables.times.columns]]
name = "clock_tz"
type = "timetz"
[[tables.times.columns]]
name = "span"
type = "interval"
[[tables.times.columns]]
name = "coarse"
type = "timestamp(0)"
)toml", R"sql(
CREATE TABLE times (
  at timestamp with time zone,
  local timestamp without time zone,
  precise timestamp(3) with time zone,
  day date,
  clock time without time zone,
  clock_tz time with time zone,
  span interval,
  coarse timestamp(0) without time zone
);
)sql"},

{"uuid, json, jsonb, bytea and network types", R"toml(
[tables.misc]
[[tables.misc.columns]]
name = "id"
type = "uuid"
default = "gen_random_uuid()"
[[tables.misc.columns]]
name = "doc"
type = "jsonb"
default = "'{}'"
[[tables.misc.columns]]
name = "raw"
type = "json"
[[tables.misc.columns]]
name = "blob"
type = "bytea"
[[tables.misc.columns]]
name = "ip"
type = "inet"
[[tables.misc.columns]]
name = "net"
type = "cidr"
[[tables.misc.columns]]
name = "mac"
type = "macaddr"
)toml", R"sql(
CREATE TABLE misc (
  id uuid DEFAULT gen_random_uuid(),
  doc jsonb DEFAULT '{}'::jsonb,
  raw json,
  blob bytea,
  ip inet,
  net cidr,
  mac macaddr
);
)sql"},

{"array types", R"toml(
[tables.arrays]
[[tables.arrays.columns]]
name = "ids"
type = "int[]"
[[tables.arrays.columns]]
name = "tags"
type = "text[]"
default = "'{}'"
[[tables.arrays.columns]]
name = "codes"
type = "varchar(10)[]"
[[tables.arrays.columns]]
name = "grid"
type = "int[][]"
[[tables.arrays.columns]]
name = "moments"
type = "timestamptz[]"
)toml", R"sql(
CREATE TABLE arrays (
  ids integer[],
  tags text[] DEFAULT '{}'::text[],
  codes character varying(10)[],
  grid integer[],
  moments timestamp with time zone ARRAY
);
)sql"},

{"range and geometric types", R"toml(
[tables.shapes]
[[tables.shapes.columns]]
name = "during"
type = "tstzrange"
[[tables.shapes.columns]]
name = "ages"
type = "int4range"
[[tables.shapes.columns]]
name = "spot"
type = "point"
[[tables.shapes.columns]]
name = "area"
type = "box"
[[tables.shapes.columns]]
name = "words"
type = "tsvector"
)toml", R"sql(
CREATE TABLE shapes (during tstzrange, ages int4range, spot point, area box, words tsvector);
)sql"},

{"NOT NULL columns", R"toml(
[tables.people]
[[tables.people.columns]]
name = "name"
type = "text"
nullable = false
[[tables.people.columns]]
name = "nickname"
type = "text"
nullable = true
[[tables.people.columns]]
name = "born"
type = "date"
nullable = false
)toml", R"sql(
CREATE TABLE people (name text NOT NULL, nickname text NULL, born date NOT NULL);
)sql"},

{"defaults in several spellings", R"toml(
[tables.defaults]
[[tables.defaults.columns]]
name = "created_at"
type = "timestamptz"
default = "now()"
[[tables.defaults.columns]]
name = "updated_at"
type = "timestamptz"
default = "CURRENT_TIMESTAMP"
[[tables.defaults.columns]]
name = "today"
type = "date"
default = "current_date"
[[tables.defaults.columns]]
name = "state"
type = "varchar(20)"
default = "'open'"
[[tables.defaults.columns]]
name = "count"
type = "int"
default = "0"
[[tables.defaults.columns]]
name = "price"
type = "numeric(8,2)"
default = "9.99"
[[tables.defaults.columns]]
name = "label"
type = "text"
default = "''"
[[tables.defaults.columns]]
name = "expiry"
type = "timestamptz"
default = "now() + interval '1 day'"
)toml", R"sql(
CREATE TABLE defaults (
  created_at timestamp with time zone DEFAULT NOW(),
  updated_at timestamp with time zone DEFAULT current_timestamp,
  today date DEFAULT CURRENT_DATE,
  state character varying(20) DEFAULT 'open'::character varying,
  count integer DEFAULT 0,
  price numeric(8,2) DEFAULT 9.99,
  label text DEFAULT ''::text,
  expiry timestamptz DEFAULT (now() + '1 day'::interval)
);
)sql"},

{"identity ALWAYS without options", R"toml(
[tables.todos]
primary_key = ["id"]
[[tables.todos.columns]]
name = "id"
type = "bigint"
identity = "always"
[[tables.todos.columns]]
name = "title"
type = "text"
)toml", R"sql(
CREATE TABLE todos (
  id bigint GENERATED ALWAYS AS IDENTITY,
  title text,
  PRIMARY KEY (id)
);
)sql"},

{"identity BY DEFAULT with every sequence option", R"toml(
[tables.tickets]
[[tables.tickets.columns]]
name = "number"
type = "int"
identity = { generation = "by default", start = 100, increment = 10, min = 50, max = 1000000, cache = 5, cycle = true }
)toml", R"sql(
CREATE TABLE tickets (
  number integer GENERATED BY DEFAULT AS IDENTITY
    (START WITH 100 INCREMENT BY 10 MINVALUE 50 MAXVALUE 1000000 CACHE 5 CYCLE)
);
)sql"},

{"identity on smallint, counting down", R"toml(
[tables.countdown]
[[tables.countdown.columns]]
name = "n"
type = "smallint"
identity = { generation = "always", increment = -1 }
)toml", R"sql(
CREATE TABLE countdown (n int2 GENERATED ALWAYS AS IDENTITY (INCREMENT BY -1));
)sql"},

{"generated STORED columns", R"toml(
[tables.lines]
[[tables.lines.columns]]
name = "price"
type = "numeric(10,2)"
nullable = false
[[tables.lines.columns]]
name = "quantity"
type = "int"
nullable = false
[[tables.lines.columns]]
name = "total"
type = "numeric"
generated = "price * quantity"
[[tables.lines.columns]]
name = "first_name"
type = "text"
[[tables.lines.columns]]
name = "upper_name"
type = "text"
generated = "upper(first_name)"
)toml", R"sql(
CREATE TABLE lines (
  price numeric(10,2) NOT NULL,
  quantity integer NOT NULL,
  total numeric GENERATED ALWAYS AS (price * quantity::numeric) STORED,
  first_name text,
  upper_name text GENERATED ALWAYS AS (UPPER(first_name)) STORED
);
)sql"},

{"column collations", R"toml(
[tables.words]
[[tables.words.columns]]
name = "word"
type = "text"
collation = '"C"'
[[tables.words.columns]]
name = "code"
type = "varchar(10)"
collation = '"POSIX"'
[[tables.words.columns]]
name = "plain"
type = "text"
)toml", R"sql(
CREATE TABLE words (word text COLLATE "C", code varchar(10) COLLATE "POSIX", plain text);
)sql"},

{"reserved words and odd names as identifiers", R"toml(
[tables.order]
[[tables.order.columns]]
name = "user"
type = "text"
[[tables.order.columns]]
name = "Select"
type = "int"
[[tables.order.columns]]
name = "with space"
type = "text"
[[tables.order.columns]]
name = 'say "hi"'
type = "text"

[tables.UserAccount]
[[tables.UserAccount.columns]]
name = "ID"
type = "int"
primary_key = true
)toml", R"sql(
CREATE TABLE "order" ("user" text, "Select" integer, "with space" text, "say ""hi""" text);
CREATE TABLE "UserAccount" ("ID" integer PRIMARY KEY);
)sql"},

// ---------------------------------------------------------------- enums and domains
{"an enum and a column of it with a default", R"toml(
[enums.todo_state]
values = ["open", "done", "archived"]

[tables.todos]
[[tables.todos.columns]]
name = "state"
type = "todo_state"
nullable = false
default = "'open'"
[[tables.todos.columns]]
name = "history"
type = "todo_state[]"
)toml", R"sql(
CREATE TYPE todo_state AS ENUM ('open', 'done', 'archived');
CREATE TABLE todos (
  state todo_state NOT NULL DEFAULT 'open'::todo_state,
  history todo_state[]
);
)sql"},

{"enums with a comment and odd labels", R"toml(
[enums.mood]
values = ["sad", "ok", "it's fine", "Happy Days"]
comment = "How it went"

[enums.empty_one]
values = []
)toml", R"sql(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s fine', 'Happy Days');
COMMENT ON TYPE mood IS 'How it went';
CREATE TYPE empty_one AS ENUM ();
)sql"},

{"a domain with NOT NULL, default, checks and comment", R"toml(
[domains.positive_amount]
type = "numeric(12,2)"
nullable = false
default = "0"
checks = ["VALUE >= 0"]
comment = "Money that is never negative"

[tables.invoices]
[[tables.invoices.columns]]
name = "total"
type = "positive_amount"
)toml", R"sql(
CREATE DOMAIN positive_amount AS numeric(12,2) NOT NULL DEFAULT 0 CHECK (VALUE >= 0);
COMMENT ON DOMAIN positive_amount IS 'Money that is never negative';
CREATE TABLE invoices (total positive_amount);
)sql"},

{"a domain with named checks, one NOT VALID", R"toml(
[domains.email]
type = "varchar(320)"
checks = [
  { name = "email_has_at", expression = "VALUE LIKE '%@%'" },
  { name = "email_short", expression = "length(VALUE) < 300", not_valid = true },
]
)toml", R"sql(
CREATE DOMAIN email AS character varying(320)
  CONSTRAINT email_has_at CHECK (VALUE::text ~~ '%@%'::text);
ALTER DOMAIN email ADD CONSTRAINT email_short CHECK (length(VALUE) < 300) NOT VALID;
)sql"},

{"a domain with a collation over text, and an array of a domain", R"toml(
[domains.code]
type = "text"
collation = '"C"'
checks = ["VALUE ~ '^[A-Z]+$'"]

[tables.codes]
[[tables.codes.columns]]
name = "main"
type = "code"
[[tables.codes.columns]]
name = "others"
type = "code[]"
)toml", R"sql(
CREATE DOMAIN code AS text COLLATE "C" CHECK (VALUE ~ '^[A-Z]+$');
CREATE TABLE codes (main code, others code[]);
)sql"},

// ---------------------------------------------------------------- keys
{"a composite primary key with a name", R"toml(
[tables.memberships]
primary_key = { name = "membership_key", columns = ["group_id", "user_id"] }
[[tables.memberships.columns]]
name = "group_id"
type = "int"
[[tables.memberships.columns]]
name = "user_id"
type = "int"
)toml", R"sql(
CREATE TABLE memberships (
  group_id integer,
  user_id integer,
  CONSTRAINT membership_key PRIMARY KEY (group_id, user_id)
);
)sql"},

{"a primary key with INCLUDE and a comment", R"toml(
[tables.lookups]
primary_key = { columns = ["key"], include = ["value"], comment = "The lookup key" }
[[tables.lookups.columns]]
name = "key"
type = "text"
[[tables.lookups.columns]]
name = "value"
type = "text"
)toml", R"sql(
CREATE TABLE lookups (key text, value text, PRIMARY KEY (key) INCLUDE (value));
COMMENT ON CONSTRAINT lookups_pkey ON lookups IS 'The lookup key';
)sql"},

{"unique constraints: column shorthand, multi-column, NULLS NOT DISTINCT", R"toml(
[tables.accounts]
[[tables.accounts.columns]]
name = "email"
type = "text"
unique = true
[[tables.accounts.columns]]
name = "tenant"
type = "int"
[[tables.accounts.columns]]
name = "login"
type = "text"
[[tables.accounts.columns]]
name = "phone"
type = "text"
[[tables.accounts.unique]]
columns = ["tenant", "login"]
[[tables.accounts.unique]]
name = "accounts_phone_once"
columns = ["phone"]
nulls_not_distinct = true
)toml", R"sql(
CREATE TABLE accounts (
  email text UNIQUE,
  tenant integer,
  login text,
  phone text,
  UNIQUE (tenant, login),
  CONSTRAINT accounts_phone_once UNIQUE NULLS NOT DISTINCT (phone)
);
)sql"},

{"a deferrable unique constraint initially deferred, with a comment", R"toml(
[tables.slots]
[[tables.slots.columns]]
name = "position"
type = "int"
[[tables.slots.unique]]
name = "slots_position_key"
columns = ["position"]
deferrable = true
initially_deferred = true
comment = "Swapped in one transaction"
[[tables.slots.unique]]
name = "slots_position_soft"
columns = ["position"]
include = []
deferrable = true
)toml", R"sql(
CREATE TABLE slots (position integer);
ALTER TABLE slots ADD UNIQUE (position) DEFERRABLE INITIALLY DEFERRED;
COMMENT ON CONSTRAINT slots_position_key ON slots IS 'Swapped in one transaction';
ALTER TABLE slots ADD CONSTRAINT slots_position_soft UNIQUE (position) DEFERRABLE INITIALLY IMMEDIATE;
)sql"},

// ---------------------------------------------------------------- foreign keys
{"a foreign key with ON DELETE CASCADE to the referenced primary key", R"toml(
[tables.users]
[[tables.users.columns]]
name = "id"
type = "bigint"
primary_key = true

[tables.posts]
[[tables.posts.columns]]
name = "author_id"
type = "bigint"
nullable = false
[[tables.posts.foreign_keys]]
columns = ["author_id"]
references = { table = "users" }
on_delete = "cascade"
)toml", R"sql(
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE posts (author_id bigint NOT NULL REFERENCES users ON DELETE CASCADE);
)sql"},

{"a composite foreign key with MATCH FULL and actions", R"toml(
[tables.regions]
primary_key = ["country", "code"]
[[tables.regions.columns]]
name = "country"
type = "char(2)"
[[tables.regions.columns]]
name = "code"
type = "text"

[tables.offices]
[[tables.offices.columns]]
name = "country"
type = "char(2)"
[[tables.offices.columns]]
name = "region"
type = "text"
[[tables.offices.foreign_keys]]
name = "offices_region_fk"
columns = ["country", "region"]
references = { table = "regions", columns = ["country", "code"] }
match = "full"
on_update = "cascade"
on_delete = "set null"
)toml", R"sql(
CREATE TABLE regions (country character(2), code text, PRIMARY KEY (country, code));
CREATE TABLE offices (
  country character(2),
  region text,
  CONSTRAINT offices_region_fk FOREIGN KEY (country, region)
    REFERENCES regions (country, code) MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL
);
)sql"},

{"foreign keys with RESTRICT, SET DEFAULT and a self reference", R"toml(
[tables.categories]
[[tables.categories.columns]]
name = "id"
type = "int"
primary_key = true
[[tables.categories.columns]]
name = "parent_id"
type = "int"
default = "1"
[[tables.categories.foreign_keys]]
columns = ["parent_id"]
references = { table = "categories", columns = ["id"] }
on_delete = "set default"
on_update = "restrict"
)toml", R"sql(
CREATE TABLE categories (
  id integer PRIMARY KEY,
  parent_id integer DEFAULT 1 REFERENCES categories (id) ON UPDATE RESTRICT ON DELETE SET DEFAULT
);
)sql"},

{"a deferrable foreign key initially deferred, with a comment", R"toml(
[tables.nodes]
[[tables.nodes.columns]]
name = "id"
type = "int"
primary_key = true
[[tables.nodes.columns]]
name = "next_id"
type = "int"
[[tables.nodes.foreign_keys]]
name = "nodes_next_fk"
columns = ["next_id"]
references = { table = "nodes", columns = ["id"] }
deferrable = true
initially_deferred = true
comment = "The next node in the ring"
)toml", R"sql(
CREATE TABLE nodes (id int PRIMARY KEY, next_id int);
ALTER TABLE nodes ADD CONSTRAINT nodes_next_fk FOREIGN KEY (next_id) REFERENCES nodes (id)
  DEFERRABLE INITIALLY DEFERRED;
COMMENT ON CONSTRAINT nodes_next_fk ON nodes IS 'The next node in the ring';
)sql"},

{"a foreign key into another schema by qualified name", R"toml(
[tables.todos]
[[tables.todos.columns]]
name = "owner_id"
type = "bigint"
[[tables.todos.foreign_keys]]
columns = ["owner_id"]
references = { schema = "01_user_auth", table = "users", columns = ["id"] }
on_delete = "cascade"
)toml", R"sql(
CREATE SCHEMA "01_user_auth";
CREATE TABLE "01_user_auth".users (id bigint PRIMARY KEY, name text);
CREATE TABLE todos (owner_id bigint REFERENCES "01_user_auth".users (id) ON DELETE CASCADE);
)sql"},

{"a foreign key NOT VALID", R"toml(
[tables.parents]
[[tables.parents.columns]]
name = "id"
type = "int"
primary_key = true

[tables.children]
[[tables.children.columns]]
name = "parent_id"
type = "int"
[[tables.children.foreign_keys]]
name = "children_parent_fk"
columns = ["parent_id"]
references = { table = "parents", columns = ["id"] }
not_valid = true
)toml", R"sql(
CREATE TABLE parents (id integer PRIMARY KEY);
CREATE TABLE children (parent_id integer);
ALTER TABLE children ADD CONSTRAINT children_parent_fk FOREIGN KEY (parent_id)
  REFERENCES parents (id) NOT VALID;
)sql"},

{"a foreign key to a unique constraint", R"toml(
[tables.countries]
[[tables.countries.columns]]
name = "iso"
type = "char(2)"
unique = true

[tables.cities]
[[tables.cities.columns]]
name = "country"
type = "char(2)"
[[tables.cities.foreign_keys]]
columns = ["country"]
references = { table = "countries", columns = ["iso"] }
)toml", R"sql(
CREATE TABLE countries (iso char(2) UNIQUE);
CREATE TABLE cities (country char(2) REFERENCES countries (iso));
)sql"},

// ---------------------------------------------------------------- checks
{"check constraints: column shorthand, table-level, named", R"toml(
[tables.products]
checks = [
  "price < 1000000",
  { name = "products_discount_le_price", expression = "discount <= price", comment = "Never pay the buyer" },
]
[[tables.products.columns]]
name = "price"
type = "numeric"
check = "price > 0"
[[tables.products.columns]]
name = "discount"
type = "numeric"
)toml", R"sql(
CREATE TABLE products (
  price numeric CHECK (price > 0),
  discount numeric,
  CHECK (price < 1000000),
  CONSTRAINT products_discount_le_price CHECK (discount <= price)
);
COMMENT ON CONSTRAINT products_discount_le_price ON products IS 'Never pay the buyer';
)sql"},

{"unnamed checks with comments: named as Postgres names them, numbered on collision", R"toml(
[tables.orders]
checks = [
  { expression = "quantity > 0", comment = "At least one" },
  "quantity < 1000",
  { expression = "shipped_at >= ordered_at", comment = "No time travel" },
  { expression = "quantity <> 13", not_valid = true, comment = "Unlucky" },
]
[[tables.orders.columns]]
name = "quantity"
type = "int"
[[tables.orders.columns]]
name = "ordered_at"
type = "date"
[[tables.orders.columns]]
name = "shipped_at"
type = "date"
)toml", R"sql(
CREATE TABLE orders (
  quantity integer,
  ordered_at date,
  shipped_at date,
  CHECK (quantity > 0),
  CHECK (quantity < 1000),
  CHECK (shipped_at >= ordered_at)
);
ALTER TABLE orders ADD CHECK (quantity <> 13) NOT VALID;
COMMENT ON CONSTRAINT orders_quantity_check ON orders IS 'At least one';
COMMENT ON CONSTRAINT orders_check ON orders IS 'No time travel';
COMMENT ON CONSTRAINT orders_quantity_check2 ON orders IS 'Unlucky';
)sql"},

{"check constraints NOT VALID and NO INHERIT", R"toml(
[tables.readings]
[[tables.readings.columns]]
name = "value"
type = "float8"
[[tables.readings.checks]]
name = "readings_value_finite"
expression = "value <> 'NaN'::float8"
not_valid = true
[[tables.readings.checks]]
name = "readings_value_small"
expression = "value < 1e9"
no_inherit = true
)toml", R"sql(
CREATE TABLE readings (value double precision);
ALTER TABLE readings ADD CONSTRAINT readings_value_finite
  CHECK (value <> 'NaN'::double precision) NOT VALID;
ALTER TABLE readings ADD CONSTRAINT readings_value_small CHECK (value < 1e9::double precision) NO INHERIT;
)sql"},

{"check constraints with IN lists, casts and functions", R"toml(
[tables.items]
[[tables.items.columns]]
name = "kind"
type = "text"
check = "kind IN ('a', 'b', 'c')"
[[tables.items.columns]]
name = "name"
type = "varchar(50)"
check = "length(name) BETWEEN 1 AND 50"
[[tables.items.columns]]
name = "tags"
type = "text[]"
check = "cardinality(tags) <= 5"
)toml", R"sql(
CREATE TABLE items (
  kind text CHECK (kind = ANY (ARRAY['a'::text, 'b'::text, 'c'::text])),
  name character varying(50) CHECK (length((name)::text) >= 1 AND length((name)::text) <= 50),
  tags text[] CHECK (cardinality(tags) <= 5)
);
)sql"},

{"an exclusion constraint", R"toml(
[tables.bookings]
[[tables.bookings.columns]]
name = "room"
type = "int"
[[tables.bookings.columns]]
name = "during"
type = "tstzrange"
[[tables.bookings.excludes]]
name = "bookings_no_overlap"
definition = "USING gist (during WITH &&)"
)toml", R"sql(
CREATE TABLE bookings (
  room integer,
  during tstzrange,
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&)
);
)sql"},

// ---------------------------------------------------------------- indexes
{"plain, unique and multi-column indexes", R"toml(
[tables.events]
[[tables.events.columns]]
name = "kind"
type = "text"
[[tables.events.columns]]
name = "at"
type = "timestamptz"
[[tables.events.columns]]
name = "ref"
type = "uuid"
[[tables.events.indexes]]
columns = ["kind"]
[[tables.events.indexes]]
columns = ["kind", "at"]
[[tables.events.indexes]]
columns = ["ref"]
unique = true
)toml", R"sql(
CREATE TABLE events (kind text, at timestamp with time zone, ref uuid);
CREATE INDEX ON events (kind);
CREATE INDEX ON events USING btree (kind, at);
CREATE UNIQUE INDEX ON events (ref);
)sql"},

{"index keys ASC/DESC with NULLS FIRST/LAST", R"toml(
[tables.scores]
[[tables.scores.columns]]
name = "points"
type = "int"
[[tables.scores.columns]]
name = "name"
type = "text"
[[tables.scores.indexes]]
name = "scores_board"
columns = [{ column = "points", order = "desc" }, { column = "name", nulls = "first" }]
[[tables.scores.indexes]]
name = "scores_low"
columns = [{ column = "points", order = "asc", nulls = "last" }, { column = "name", order = "desc", nulls = "last" }]
)toml", R"sql(
CREATE TABLE scores (points integer, name text);
CREATE INDEX scores_board ON scores (points DESC NULLS FIRST, name ASC NULLS FIRST);
CREATE INDEX scores_low ON scores (points, name DESC NULLS LAST);
)sql"},

{"partial and expression indexes", R"toml(
[tables.users]
[[tables.users.columns]]
name = "email"
type = "text"
[[tables.users.columns]]
name = "deleted_at"
type = "timestamptz"
[[tables.users.indexes]]
name = "users_email_lower"
unique = true
columns = [{ expression = "lower(email)" }]
where = "deleted_at IS NULL"
[[tables.users.indexes]]
name = "users_deleted"
columns = ["deleted_at"]
where = "deleted_at is not null"
[[tables.users.indexes]]
name = "users_domain"
columns = [{ expression = "split_part(email, '@', 2)" }, "email"]
)toml", R"sql(
CREATE TABLE users (email text, deleted_at timestamptz);
CREATE UNIQUE INDEX users_email_lower ON users (LOWER(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_deleted ON users (deleted_at) WHERE (deleted_at IS NOT NULL);
CREATE INDEX users_domain ON users (split_part(email, '@'::text, 2), email);
)sql"},

{"indexes with INCLUDE, NULLS NOT DISTINCT and a comment", R"toml(
[tables.orders]
[[tables.orders.columns]]
name = "customer"
type = "int"
[[tables.orders.columns]]
name = "total"
type = "numeric"
[[tables.orders.columns]]
name = "ref"
type = "text"
[[tables.orders.indexes]]
name = "orders_customer_covering"
columns = ["customer"]
include = ["total", "ref"]
comment = "Answers the totals page from the index alone"
[[tables.orders.indexes]]
name = "orders_ref_once"
columns = ["ref"]
unique = true
nulls_not_distinct = true
)toml", R"sql(
CREATE TABLE orders (customer integer, total numeric, ref text);
CREATE INDEX orders_customer_covering ON orders (customer) INCLUDE (total, ref);
COMMENT ON INDEX orders_customer_covering IS 'Answers the totals page from the index alone';
CREATE UNIQUE INDEX orders_ref_once ON orders (ref) NULLS NOT DISTINCT;
)sql"},

{"index methods hash, gin, gist and brin", R"toml(
[tables.logs]
[[tables.logs.columns]]
name = "token"
type = "text"
[[tables.logs.columns]]
name = "payload"
type = "jsonb"
[[tables.logs.columns]]
name = "tags"
type = "text[]"
[[tables.logs.columns]]
name = "during"
type = "tstzrange"
[[tables.logs.columns]]
name = "at"
type = "timestamptz"
[[tables.logs.indexes]]
name = "logs_token_hash"
method = "hash"
columns = ["token"]
[[tables.logs.indexes]]
name = "logs_payload_gin"
method = "gin"
columns = ["payload"]
[[tables.logs.indexes]]
name = "logs_tags_gin"
method = "GIN"
columns = ["tags"]
[[tables.logs.indexes]]
name = "logs_during_gist"
method = "gist"
columns = ["during"]
[[tables.logs.indexes]]
name = "logs_at_brin"
method = "brin"
columns = ["at"]
)toml", R"sql(
CREATE TABLE logs (token text, payload jsonb, tags text[], during tstzrange, at timestamptz);
CREATE INDEX logs_token_hash ON logs USING hash (token);
CREATE INDEX logs_payload_gin ON logs USING gin (payload);
CREATE INDEX logs_tags_gin ON logs USING gin (tags);
CREATE INDEX logs_during_gist ON logs USING gist (during);
CREATE INDEX logs_at_brin ON logs USING brin (at);
)sql"},

{"operator classes and key collations", R"toml(
[tables.docs]
[[tables.docs.columns]]
name = "path"
type = "text"
[[tables.docs.columns]]
name = "body"
type = "jsonb"
[[tables.docs.columns]]
name = "title"
type = "text"
[[tables.docs.indexes]]
name = "docs_path_prefix"
columns = [{ column = "path", opclass = "text_pattern_ops" }]
[[tables.docs.indexes]]
name = "docs_body_paths"
method = "gin"
columns = [{ column = "body", opclass = "jsonb_path_ops" }]
[[tables.docs.indexes]]
name = "docs_title_c"
columns = [{ column = "title", collation = '"C"', order = "desc" }]
)toml", R"sql(
CREATE TABLE docs (path text, body jsonb, title text);
CREATE INDEX docs_path_prefix ON docs (path text_pattern_ops);
CREATE INDEX docs_body_paths ON docs USING gin (body jsonb_path_ops);
CREATE INDEX docs_title_c ON docs (title COLLATE "C" DESC);
)sql"},

// ---------------------------------------------------------------- sequences
{"a sequence with every option and a comment", R"toml(
[sequences.invoice_numbers]
type = "int"
start = 1000
increment = 5
min = 10
max = 99999
cache = 20
cycle = true
comment = "Numbers printed on invoices"
)toml", R"sql(
CREATE SEQUENCE invoice_numbers AS integer
  INCREMENT BY 5 MINVALUE 10 MAXVALUE 99999 START WITH 1000 CACHE 20 CYCLE;
COMMENT ON SEQUENCE invoice_numbers IS 'Numbers printed on invoices';
)sql"},

{"a sequence with defaults only, and a descending one", R"toml(
[sequences.plain]

[sequences.down]
type = "smallint"
increment = -2
)toml", R"sql(
CREATE SEQUENCE plain;
CREATE SEQUENCE down AS smallint INCREMENT BY -2;
)sql"},

{"a sequence OWNED BY a column that defaults to it (serial)", R"toml(
[sequences.tasks_id_seq]
type = "bigint"
owned_by = "tasks.id"

[tables.tasks]
[[tables.tasks.columns]]
name = "id"
type = "bigint"
nullable = false
default = "nextval('tasks_id_seq')"
primary_key = true
[[tables.tasks.columns]]
name = "title"
type = "text"
)toml", R"sql(
CREATE TABLE tasks (id bigserial PRIMARY KEY, title text);
)sql"},

{"a sequence shared by two tables", R"toml(
[sequences.global_ids]

[tables.a]
[[tables.a.columns]]
name = "id"
type = "bigint"
default = "nextval('global_ids'::regclass)"

[tables.b]
[[tables.b.columns]]
name = "id"
type = "bigint"
default = "nextval('global_ids')"
)toml", R"sql(
CREATE SEQUENCE global_ids;
CREATE TABLE a (id bigint DEFAULT nextval('global_ids'));
CREATE TABLE b (id bigint DEFAULT nextval('global_ids'::regclass));
)sql"},

// ---------------------------------------------------------------- views
{"a view with a comment", R"toml(
[tables.todos]
[[tables.todos.columns]]
name = "title"
type = "text"
[[tables.todos.columns]]
name = "done"
type = "bool"

[views.open_todos]
query = "select title from todos where not done"
comment = "What is left to do"
)toml", R"sql(
CREATE TABLE todos (title text, done boolean);
CREATE VIEW open_todos AS SELECT todos.title FROM todos WHERE NOT todos.done;
COMMENT ON VIEW open_todos IS 'What is left to do';
)sql"},

{"a view joining two tables with aggregates", R"toml(
[tables.users]
[[tables.users.columns]]
name = "id"
type = "int"
primary_key = true
[[tables.users.columns]]
name = "name"
type = "text"

[tables.posts]
[[tables.posts.columns]]
name = "user_id"
type = "int"
[[tables.posts.columns]]
name = "words"
type = "int"

[views.user_stats]
query = """
SELECT u.id, u.name, count(p.*) AS posts, coalesce(sum(p.words), 0) AS words
FROM users u LEFT JOIN posts p ON p.user_id = u.id
GROUP BY u.id, u.name
"""
)toml", R"sql(
CREATE TABLE users (id integer PRIMARY KEY, name text);
CREATE TABLE posts (user_id integer, words integer);
CREATE VIEW user_stats AS
  SELECT u.id, u.name, COUNT(p.*) AS posts, COALESCE(SUM(p.words), 0::bigint) AS words
  FROM users AS u LEFT JOIN posts AS p ON p.user_id = u.id
  GROUP BY u.id, u.name;
)sql"},

{"a view over a view", R"toml(
[tables.t]
[[tables.t.columns]]
name = "x"
type = "int"

[views.v1]
query = "SELECT x, x * 2 AS doubled FROM t"

[views.v2]
query = "SELECT doubled FROM v1 WHERE x > 0"
)toml", R"sql(
CREATE TABLE t (x integer);
CREATE VIEW v1 AS SELECT x, x * 2 AS doubled FROM t;
CREATE VIEW v2 AS SELECT doubled FROM v1 WHERE x > 0;
)sql"},

{"a materialized view with indexes and a comment", R"toml(
[tables.sales]
[[tables.sales.columns]]
name = "day"
type = "date"
[[tables.sales.columns]]
name = "amount"
type = "numeric"

[views.daily_sales]
materialized = true
query = "SELECT day, sum(amount) AS total FROM sales GROUP BY day"
comment = "Refreshed nightly"
[[views.daily_sales.indexes]]
name = "daily_sales_day"
unique = true
columns = ["day"]
[[views.daily_sales.indexes]]
name = "daily_sales_total"
columns = [{ column = "total", order = "desc" }]
)toml", R"sql(
CREATE TABLE sales (day date, amount numeric);
CREATE MATERIALIZED VIEW daily_sales AS SELECT day, SUM(amount) AS total FROM sales GROUP BY day;
COMMENT ON MATERIALIZED VIEW daily_sales IS 'Refreshed nightly';
CREATE UNIQUE INDEX daily_sales_day ON daily_sales (day);
CREATE INDEX daily_sales_total ON daily_sales (total DESC);
)sql"},

{"a view using an enum and a CASE", R"toml(
[enums.state]
values = ["open", "done"]

[tables.tasks]
[[tables.tasks.columns]]
name = "state"
type = "state"

[views.task_labels]
query = "SELECT CASE WHEN state = 'done' THEN 'Done!' ELSE 'Todo' END AS label FROM tasks"
)toml", R"sql(
CREATE TYPE state AS ENUM ('open', 'done');
CREATE TABLE tasks (state state);
CREATE VIEW task_labels AS
  SELECT CASE WHEN tasks.state = 'done'::state THEN 'Done!'::text ELSE 'Todo'::text END AS label
  FROM tasks;
)sql"},

// ---------------------------------------------------------------- partitions
{"a range-partitioned table with partitions and a default", R"toml(
[tables.measurements]
partition_by = "RANGE (taken_at)"
[[tables.measurements.columns]]
name = "taken_at"
type = "timestamptz"
nullable = false
[[tables.measurements.columns]]
name = "value"
type = "float8"

[tables.measurements_2024]
partition_of = "measurements"
partition_bound = "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')"

[tables.measurements_rest]
partition_of = "measurements"
partition_bound = "DEFAULT"
)toml", R"sql(
SET LOCAL TimeZone = 'UTC';
CREATE TABLE measurements (taken_at timestamp with time zone NOT NULL, value double precision)
  PARTITION BY RANGE (taken_at);
CREATE TABLE measurements_2024 PARTITION OF measurements
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_rest PARTITION OF measurements DEFAULT;
)sql"},

{"a list-partitioned table with a primary key and an index", R"toml(
[tables.customers]
partition_by = "LIST (region)"
primary_key = ["region", "id"]
[[tables.customers.columns]]
name = "region"
type = "text"
[[tables.customers.columns]]
name = "id"
type = "int"
[[tables.customers.columns]]
name = "name"
type = "text"
[[tables.customers.indexes]]
name = "customers_name"
columns = ["name"]

[tables.customers_eu]
partition_of = "customers"
partition_bound = "FOR VALUES IN ('de', 'fr')"

[tables.customers_us]
partition_of = "customers"
partition_bound = "for values in ('us')"
)toml", R"sql(
CREATE TABLE customers (region text, id integer, name text, PRIMARY KEY (region, id))
  PARTITION BY LIST (region);
CREATE INDEX customers_name ON customers (name);
CREATE TABLE customers_eu PARTITION OF customers FOR VALUES IN ('de', 'fr');
CREATE TABLE customers_us PARTITION OF customers FOR VALUES IN ('us');
)sql"},

{"a hash-partitioned table", R"toml(
[tables.sessions]
partition_by = "HASH (id)"
[[tables.sessions.columns]]
name = "id"
type = "uuid"
nullable = false

[tables.sessions_0]
partition_of = "sessions"
partition_bound = "FOR VALUES WITH (MODULUS 2, REMAINDER 0)"

[tables.sessions_1]
partition_of = "sessions"
partition_bound = "FOR VALUES WITH (modulus 2, remainder 1)"
)toml", R"sql(
CREATE TABLE sessions (id uuid NOT NULL) PARTITION BY HASH (id);
CREATE TABLE sessions_0 PARTITION OF sessions FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE sessions_1 PARTITION OF sessions FOR VALUES WITH (MODULUS 2, REMAINDER 1);
)sql"},

{"a partitioned table partitioned by an expression over two columns", R"toml(
[tables.metrics]
partition_by = "RANGE (date_trunc('month', at), id)"
[[tables.metrics.columns]]
name = "at"
type = "timestamp"
[[tables.metrics.columns]]
name = "id"
type = "int"

[tables.metrics_low]
partition_of = "metrics"
partition_bound = "FOR VALUES FROM (MINVALUE, MINVALUE) TO ('2020-01-01', 0)"
)toml", R"sql(
CREATE TABLE metrics (at timestamp without time zone, id integer)
  PARTITION BY RANGE (date_trunc('month'::text, at), id);
CREATE TABLE metrics_low PARTITION OF metrics
  FOR VALUES FROM (MINVALUE, MINVALUE) TO ('2020-01-01 00:00:00', 0);
)sql"},

// ---------------------------------------------------------------- schemas
{"a schema whose name starts with a digit", R"toml(
schema = "00_personal_todo"

[enums.todo_state]
values = ["open", "done"]

[tables.todos]
primary_key = ["id"]
[[tables.todos.columns]]
name = "id"
type = "bigint"
identity = "always"
[[tables.todos.columns]]
name = "state"
type = "todo_state"
default = "'open'"
[[tables.todos.indexes]]
columns = ["state"]

[views.open_todos]
query = "SELECT id FROM todos WHERE state = 'open'"
)toml", R"sql(
CREATE TYPE "00_personal_todo".todo_state AS ENUM ('open', 'done');
CREATE TABLE "00_personal_todo".todos (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  state "00_personal_todo".todo_state DEFAULT 'open'
);
CREATE INDEX ON "00_personal_todo".todos (state);
CREATE VIEW "00_personal_todo".open_todos AS
  SELECT id FROM "00_personal_todo".todos WHERE state = 'open';
)sql"},

{"a schema with capitals, spaces and quotes in its name", R"toml(
schema = 'My "Odd" Schema'
comment = "Named to test quoting"

[enums.Mood]
values = ["Up", "Down"]

[domains."Short Text"]
type = "varchar(10)"

[sequences."Counter"]
owned_by = "Things.ID"

[tables.Things]
comment = "Things with odd names"
[[tables.Things.columns]]
name = "ID"
type = "bigint"
primary_key = true
default = "nextval('\"Counter\"')"
[[tables.Things.columns]]
name = "How"
type = '"Mood"'
[[tables.Things.columns]]
name = "Label"
type = '"Short Text"'
[[tables.Things.indexes]]
columns = ["Label"]

[tables."Other Things"]
[[tables."Other Things".columns]]
name = "Thing ID"
type = "bigint"
[[tables."Other Things".foreign_keys]]
columns = ["Thing ID"]
references = { table = "Things" }

[views."Thing View"]
query = 'SELECT "ID", "How" FROM "Things"'
)toml", R"sql(
COMMENT ON SCHEMA "My ""Odd"" Schema" IS 'Named to test quoting';
CREATE TYPE "My ""Odd"" Schema"."Mood" AS ENUM ('Up', 'Down');
CREATE DOMAIN "My ""Odd"" Schema"."Short Text" AS character varying(10);
CREATE SEQUENCE "My ""Odd"" Schema"."Counter";
CREATE TABLE "My ""Odd"" Schema"."Things" (
  "ID" bigint PRIMARY KEY DEFAULT nextval('"My ""Odd"" Schema"."Counter"'),
  "How" "My ""Odd"" Schema"."Mood",
  "Label" "My ""Odd"" Schema"."Short Text"
);
ALTER SEQUENCE "My ""Odd"" Schema"."Counter" OWNED BY "My ""Odd"" Schema"."Things"."ID";
COMMENT ON TABLE "My ""Odd"" Schema"."Things" IS 'Things with odd names';
CREATE INDEX ON "My ""Odd"" Schema"."Things" ("Label");
CREATE TABLE "My ""Odd"" Schema"."Other Things" (
  "Thing ID" bigint REFERENCES "My ""Odd"" Schema"."Things"
);
CREATE VIEW "My ""Odd"" Schema"."Thing View" AS
  SELECT "ID", "How" FROM "My ""Odd"" Schema"."Things";
)sql"},

{"a schema comment and nothing else", R"toml(
comment = "Reserved for later"
)toml", R"sql(
COMMENT ON SCHEMA app IS 'Reserved for later';
)sql"},

{"an empty schema", "", ""},

// ---------------------------------------------------------------- larger states
{"the workshop's todo schema", R"toml(
schema = "00_personal_todo"

[enums.todo_state]
values = ["open", "done", "archived"]

[tables.todos]
comment = "One row per todo item"
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

[[tables.todos.columns]]
name = "created_at"
type = "timestamptz"
nullable = false
default = "now()"

[[tables.todos.columns]]
name = "owner_id"
type = "bigint"

[[tables.todos.indexes]]
columns = ["title"]
where = "state <> 'archived'"

[[tables.todos.foreign_keys]]
columns = ["owner_id"]
references = { schema = "01_user_auth_todo", table = "users", columns = ["id"] }
on_delete = "cascade"
)toml", R"sql(
CREATE SCHEMA "01_user_auth_todo";
CREATE TABLE "01_user_auth_todo".users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE TYPE todo_state AS ENUM ('open', 'done', 'archived');
CREATE TABLE todos (
  id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
  title character varying(255) NOT NULL,
  state todo_state DEFAULT 'open'::todo_state,
  created_at timestamp with time zone NOT NULL DEFAULT now(),
  owner_id bigint,
  CONSTRAINT todos_pkey PRIMARY KEY (id),
  CONSTRAINT todos_owner_id_fkey FOREIGN KEY (owner_id)
    REFERENCES "01_user_auth_todo".users (id) ON DELETE CASCADE
);
COMMENT ON TABLE todos IS 'One row per todo item';
CREATE INDEX todos_title_idx ON todos (title) WHERE state <> 'archived'::todo_state;
)sql"},

{"two tables referencing each other", R"toml(
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
on_delete = "set null"
)toml", R"sql(
CREATE TABLE employees (id integer PRIMARY KEY, department_id integer);
CREATE TABLE departments (id integer PRIMARY KEY,
                          manager_id integer REFERENCES employees ON DELETE SET NULL);
ALTER TABLE employees ADD FOREIGN KEY (department_id) REFERENCES departments (id);
)sql"},

{"a domain used by a table, a view and a check", R"toml(
[domains.percent]
type = "int"
checks = [{ name = "percent_range", expression = "VALUE BETWEEN 0 AND 100" }]

[tables.progress]
[[tables.progress.columns]]
name = "done"
type = "percent"
nullable = false
default = "0"
[[tables.progress.columns]]
name = "label"
type = "text"
check = "label <> ''"

[views.half_done]
query = "SELECT label FROM progress WHERE done >= 50"
)toml", R"sql(
CREATE DOMAIN percent AS integer CONSTRAINT percent_range CHECK (VALUE >= 0 AND VALUE <= 100);
CREATE TABLE progress (done percent NOT NULL DEFAULT 0, label text CHECK (label <> ''::text));
CREATE VIEW half_done AS SELECT progress.label FROM progress WHERE progress.done::integer >= 50;
)sql"},

{"an identity column, a unique email and a timestamp in one table", R"toml(
[tables.users]
[[tables.users.columns]]
name = "id"
type = "int"
identity = { generation = "by default", start = 1000 }
primary_key = true
[[tables.users.columns]]
name = "email"
type = "varchar(320)"
nullable = false
unique = true
[[tables.users.columns]]
name = "created_at"
type = "timestamptz"
nullable = false
default = "now()"
comment = "When the account was made"
)toml", R"sql(
CREATE TABLE users (
  id integer GENERATED BY DEFAULT AS IDENTITY (START 1000) PRIMARY KEY,
  email character varying(320) NOT NULL UNIQUE,
  created_at timestamptz DEFAULT now() NOT NULL
);
COMMENT ON COLUMN users.created_at IS 'When the account was made';
)sql"},

{"comments on a sequence, an index, a constraint, a domain and an enum", R"toml(
[enums.color]
values = ["red"]
comment = "Colours"

[domains.small]
type = "int"
comment = "A small number"

[sequences.ticket]
comment = "Ticket numbers"

[tables.paint]
comment = "Paint pots"
[[tables.paint.columns]]
name = "color"
type = "color"
comment = "Its colour"
[[tables.paint.columns]]
name = "litres"
type = "small"
[[tables.paint.checks]]
name = "paint_litres_positive"
expression = "litres > 0"
comment = "No empty pots"
[[tables.paint.indexes]]
name = "paint_color"
columns = ["color"]
comment = "By colour"
)toml", R"sql(
CREATE TYPE color AS ENUM ('red');
COMMENT ON TYPE color IS 'Colours';
CREATE DOMAIN small AS integer;
COMMENT ON DOMAIN small IS 'A small number';
CREATE SEQUENCE ticket;
COMMENT ON SEQUENCE ticket IS 'Ticket numbers';
CREATE TABLE paint (color color, litres small,
                    CONSTRAINT paint_litres_positive CHECK (litres > 0));
COMMENT ON TABLE paint IS 'Paint pots';
COMMENT ON COLUMN paint.color IS 'Its colour';
COMMENT ON CONSTRAINT paint_litres_positive ON paint IS 'No empty pots';
CREATE INDEX paint_color ON paint (color);
COMMENT ON INDEX paint_color IS 'By colour';
)sql"},

{"long names truncated to 63 bytes by Postgres's auto-naming", R"toml(
[tables.a_table_with_a_rather_long_name_that_goes_on_and_on]
[[tables.a_table_with_a_rather_long_name_that_goes_on_and_on.columns]]
name = "a_column_with_an_equally_long_name_that_also_goes_on"
type = "int"
unique = true
[[tables.a_table_with_a_rather_long_name_that_goes_on_and_on.indexes]]
columns = ["a_column_with_an_equally_long_name_that_also_goes_on"]
)toml", R"sql(
CREATE TABLE a_table_with_a_rather_long_name_that_goes_on_and_on (
  a_column_with_an_equally_long_name_that_also_goes_on integer UNIQUE
);
CREATE INDEX ON a_table_with_a_rather_long_name_that_goes_on_and_on
  (a_column_with_an_equally_long_name_that_also_goes_on);
)sql"},

{"the same unnamed index twice gets two names", R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.indexes]]
columns = ["a"]
[[tables.t.indexes]]
columns = [{ column = "a", order = "desc" }]
)toml", R"sql(
CREATE TABLE t (a integer);
CREATE INDEX t_a_idx ON t (a);
CREATE INDEX t_a_idx1 ON t (a DESC);
)sql"},

{"an unlogged table with an identity and a partial unique index", R"toml(
[tables.jobs]
unlogged = true
[[tables.jobs.columns]]
name = "id"
type = "bigint"
identity = "by default"
[[tables.jobs.columns]]
name = "queue"
type = "text"
nullable = false
[[tables.jobs.columns]]
name = "running"
type = "bool"
nullable = false
default = "false"
[[tables.jobs.indexes]]
name = "jobs_one_running_per_queue"
unique = true
columns = ["queue"]
where = "running"
)toml", R"sql(
CREATE UNLOGGED TABLE jobs (
  id bigint GENERATED BY DEFAULT AS IDENTITY,
  queue text NOT NULL,
  running boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX jobs_one_running_per_queue ON jobs (queue) WHERE running;
)sql"},

{"an unnamed foreign key with a comment", R"toml(
[tables.p]
[[tables.p.columns]]
name = "id"
type = "int"
primary_key = true
[tables.c]
[[tables.c.columns]]
name = "p_id"
type = "int"
[[tables.c.foreign_keys]]
columns = ["p_id"]
references = { table = "p" }
comment = "to p"
)toml", R"sql(
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (p_id integer REFERENCES p);
COMMENT ON CONSTRAINT c_p_id_fkey ON c IS 'to p';
)sql"},

{"an unnamed index with a comment", R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.indexes]]
columns = ["a"]
comment = "by a"
)toml", R"sql(
CREATE TABLE t (a integer);
CREATE INDEX ON t (a);
COMMENT ON INDEX t_a_idx IS 'by a';
)sql"},

{"identity with max at the type's maximum", R"toml(
[tables.t]
[[tables.t.columns]]
name = "id"
type = "int"
identity = { generation = "always", max = 2147483647, min = 1, start = 1, cache = 1, increment = 1, cycle = false }
)toml", R"sql(
CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY);
)sql"},

{"a view with ORDER BY and LIMIT", R"toml(
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[views.top]
query = "SELECT a FROM t ORDER BY a DESC LIMIT 10"
)toml", R"sql(
CREATE TABLE t (a integer);
CREATE VIEW top AS SELECT a FROM t ORDER BY a DESC LIMIT 10;
)sql"},

{"a sequence owned by a column of a table in a digit schema", R"toml(
schema = "9lives"
[sequences.s]
owned_by = "t.id"
[tables.t]
[[tables.t.columns]]
name = "id"
type = "bigint"
default = "nextval('s')"
)toml", R"sql(
CREATE SEQUENCE "9lives".s;
CREATE TABLE "9lives".t (id bigint DEFAULT nextval('"9lives".s'));
ALTER SEQUENCE "9lives".s OWNED BY "9lives".t.id;
)sql"},

{"xml, bit strings, oid-like and text search types", R"toml(
[tables.rare]
[[tables.rare.columns]]
name = "doc"
type = "xml"
[[tables.rare.columns]]
name = "bits"
type = "bit(8)"
[[tables.rare.columns]]
name = "varbits"
type = "varbit(16)"
[[tables.rare.columns]]
name = "cls"
type = "regclass"
[[tables.rare.columns]]
name = "query"
type = "tsquery"
[[tables.rare.columns]]
name = "big"
type = "int8range"
)toml", R"sql(
CREATE TABLE rare (
  doc xml,
  bits bit(8),
  varbits bit varying(16),
  cls regclass,
  query tsquery,
  big int8range
);
)sql"},
  };
  return all;
}
// clang-format on

}  // namespace

TEST_CASE("a declared schema normalizes to the catalog of the same schema made by SQL",
          "[roundtrip]") {
  const auto& all = states();
  REQUIRE(all.size() >= 60);
  for (const State& state : all) {
    DYNAMIC_SECTION(state.name) {
      INFO("TOML:\n" << state.toml);
      INFO("SQL:\n" << state.sql);
      const recon::Catalog parsed = recon::testing::parsed(state.toml);
      const std::string schema = parsed.schema;
      auto normalized = recon::testing::normalized_async(parsed);
      recon::testing::TestDatabase db;
      recon::testing::run_sql(db.conn(), schema, state.sql);
      const recon::Catalog actual = recon::testing::introspected(db.conn(), schema);
      const recon::Catalog declared = normalized.get();
      check_same_catalog(declared, "normalized declaration", actual, "SQL-made schema");
      CHECK(declared.unsupported.empty());
      CHECK(actual.unsupported.empty());
    }
  }
}

TEST_CASE("the round-trip states cover every object kind", "[roundtrip]") {
  bool unlogged = false, comment = false, identity_always = false, identity_default = false,
       generated = false, collation = false, nulls_not_distinct = false, match_full = false,
       deferred = false, other_schema = false, not_valid = false, exclude = false, partial = false,
       expression = false, include = false, opclass = false, enum_type = false, domain = false,
       owned_sequence = false, view = false, materialized = false, range = false, list = false,
       hash = false, digit_schema = false, odd_schema = false;
  std::set<std::string> methods;
  for (const State& state : states()) {
    const recon::Catalog c = recon::declare::parse_declaration(state.toml, "app.toml");
    digit_schema |= !c.schema.empty() && std::isdigit(static_cast<unsigned char>(c.schema[0]));
    odd_schema |= c.schema.find_first_of(" \"ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos;
    enum_type |= !c.enums.empty();
    domain |= !c.domains.empty();
    for (const auto& [name, s] : c.sequences) owned_sequence |= s.owned_by.has_value();
    for (const auto& [name, v] : c.views) (v.materialized ? materialized : view) = true;
    for (const auto& [name, t] : c.tables) {
      unlogged |= t.unlogged;
      comment |= t.comment.has_value();
      if (t.partition_by) {
        range |= t.partition_by->starts_with("RANGE");
        list |= t.partition_by->starts_with("LIST");
        hash |= t.partition_by->starts_with("HASH");
      }
      for (const auto& col : t.columns) {
        identity_always |= col.identity == recon::Identity::always;
        identity_default |= col.identity == recon::Identity::by_default;
        generated |= col.generated.has_value();
        collation |= col.collation.has_value();
      }
      for (const auto& k : t.constraints) {
        nulls_not_distinct |= k.nulls_not_distinct;
        match_full |= k.match == "full";
        deferred |= k.initially_deferred;
        other_schema |= !k.references.schema.empty();
        not_valid |= k.not_valid;
        exclude |= k.kind == recon::ConstraintKind::exclude;
      }
      for (const auto& i : t.indexes) {
        methods.insert(i.method);
        partial |= i.where.has_value();
        include |= !i.include.empty();
        for (const auto& key : i.keys) {
          expression |= !key.expression.empty();
          opclass |= key.opclass.has_value();
        }
      }
    }
  }
  CHECK(unlogged);
  CHECK(comment);
  CHECK(identity_always);
  CHECK(identity_default);
  CHECK(generated);
  CHECK(collation);
  CHECK(nulls_not_distinct);
  CHECK(match_full);
  CHECK(deferred);
  CHECK(other_schema);
  CHECK(not_valid);
  CHECK(exclude);
  CHECK(partial);
  CHECK(expression);
  CHECK(include);
  CHECK(opclass);
  CHECK(enum_type);
  CHECK(domain);
  CHECK(owned_sequence);
  CHECK(view);
  CHECK(materialized);
  CHECK(range);
  CHECK(list);
  CHECK(hash);
  CHECK(digit_schema);
  CHECK(odd_schema);
  CHECK(methods == std::set<std::string>{"brin", "btree", "gin", "gist", "hash"});
}
