// The declare stage: TOML declarations to a Catalog, and the errors it reports.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "declare/declare.hpp"
#include "declare/keys.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"

namespace fs = std::filesystem;
using recon::Catalog;
using recon::ConstraintKind;
using recon::Identity;
using recon::InputError;
using recon::declare::load_project;
using recon::declare::load_projects;
using recon::declare::parse_declaration;
using recon::testing::read_text;
using recon::testing::TempDir;

namespace {

std::vector<recon::Diagnostic> problems(const std::string& text,
                                        const std::string& file = "test.toml") {
  try {
    parse_declaration(text, file);
  } catch (const InputError& error) {
    return error.diagnostics();
  }
  return {};
}

std::string all_messages(const std::vector<recon::Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += d.to_string() + "\n";
  return text;
}

const recon::Constraint* find_constraint(const recon::Table& table, ConstraintKind kind,
                                         std::size_t nth = 0) {
  for (const auto& c : table.constraints) {
    if (c.kind == kind && nth-- == 0) return &c;
  }
  return nullptr;
}

fs::path repo_root() {
  return recon::testing::source_root();
}

const char* const full_example = R"toml(
schema = "shop"
comment = "The shop"
ignore = ["alembic_version", "legacy_stats"]

[enums.order_state]
values = ["open", "paid", "shipped"]
comment = "Where an order is"
renamed_values = { shipped = "sent" }

[domains.email]
type = "text"
nullable = false
default = "''"
collation = "C"
checks = ["VALUE ~ '@'", { name = "email_len", expression = "length(VALUE) < 300", not_valid = true }]
comment = "An e-mail address"

[sequences.order_numbers]
type = "bigint"
start = 1000
increment = 2
min = 1
max = 9999999
cache = 10
cycle = true
owned_by = "orders.number"
comment = "Order numbers"

[tables.customers]
primary_key = { columns = ["id"], name = "customers_pk", include = ["email"], deferrable = true, initially_deferred = true }

[[tables.customers.columns]]
name = "id"
type = "bigint"
identity = { generation = "by default", type = "bigint", start = 10, increment = 5, min = 1, max = 1000000, cache = 2, cycle = false }

[[tables.customers.columns]]
name = "email"
type = "email"
unique = true

[tables.orders]
comment = "One row per order"
unlogged = true
renamed_from = ["old_orders", "older_orders"]

[[tables.orders.columns]]
name = "id"
type = "bigint"
identity = "always"
primary_key = true

[[tables.orders.columns]]
name = "number"
type = "bigint"
nullable = false
default = "nextval('order_numbers')"
check = "number > 0"
comment = "Shown to customers"
renamed_from = "no"

[[tables.orders.columns]]
name = "customer_id"
type = "bigint"

[[tables.orders.columns]]
name = "state"
type = "order_state"
nullable = false
default = "'open'"

[[tables.orders.columns]]
name = "price"
type = "numeric(10,2)"

[[tables.orders.columns]]
name = "qty"
type = "integer"

[[tables.orders.columns]]
name = "total"
type = "numeric"
generated = "price * qty"
collation = "C"

[[tables.orders.unique]]
columns = ["customer_id", "number"]
name = "orders_customer_number"
nulls_not_distinct = true
include = ["state"]
deferrable = true

[[tables.orders.checks]]
name = "orders_qty_positive"
expression = "qty > 0"
not_valid = true
no_inherit = true

[[tables.orders.foreign_keys]]
name = "orders_customer"
columns = ["customer_id"]
references = { table = "customers" }
on_delete = "SET  NULL"
on_update = "Cascade"
match = "full"
initially_deferred = true
not_valid = true

[[tables.orders.foreign_keys]]
columns = ["customer_id"]
references = { schema = "billing", table = "accounts", columns = ["id"] }

[[tables.orders.excludes]]
name = "orders_no_overlap"
definition = "USING gist (customer_id WITH =)"

[[tables.orders.indexes]]
name = "orders_by_state"
columns = ["state", { column = "number", order = "desc" }, { expression = "lower(state::text)", nulls = "first", opclass = "text_pattern_ops", collation = "C" }]
unique = true
nulls_not_distinct = true
include = ["qty"]
where = "state <> 'shipped'"
comment = "Open orders"

[[tables.orders.indexes]]
columns = ["customer_id"]
method = "HASH"

[tables.measurements]
partition_by = "range (taken_at)"

[[tables.measurements.columns]]
name = "taken_at"
type = "timestamptz"

[tables.measurements_2020]
partition_of = "measurements"
partition_bound = "for values from ('2020-01-01') to ('2021-01-01')"

[tables.measurements_default]
partition_of = "measurements"
partition_bound = "default"

[views.open_orders]
query = "SELECT id, number FROM orders WHERE state = 'open'"
comment = "Orders still open"

[views.order_totals]
query = "SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id"
materialized = true

[[views.order_totals.indexes]]
columns = ["customer_id"]
unique = true
)toml";

}  // namespace

TEST_CASE("a full declaration maps onto the catalog", "[declare]") {
  const Catalog catalog = parse_declaration(full_example, "shop.toml");
  CHECK(catalog.schema == "shop");
  CHECK(catalog.schema_comment == "The shop");
  CHECK(catalog.ignored == std::vector<std::string>{"alembic_version", "legacy_stats"});

  const auto& state = catalog.enums.at("order_state");
  CHECK(state.values == std::vector<std::string>{"open", "paid", "shipped"});
  CHECK(state.comment == "Where an order is");
  CHECK(state.value_renamed_from == std::map<std::string, std::string>{{"shipped", "sent"}});
  CHECK(state.where.file == "shop.toml");
  CHECK(state.where.line == 6);

  const auto& email = catalog.domains.at("email");
  CHECK(email.base_type == "text");
  CHECK(email.not_null);
  CHECK(email.default_expr == "''");
  CHECK(email.collation == "C");
  REQUIRE(email.checks.size() == 2);
  CHECK(email.checks[0] == recon::DomainCheck{"", "VALUE ~ '@'", false});
  CHECK(email.checks[1] == recon::DomainCheck{"email_len", "length(VALUE) < 300", true});

  const auto& numbers = catalog.sequences.at("order_numbers");
  CHECK(numbers.options.data_type == "bigint");
  CHECK(numbers.options.start == 1000);
  CHECK(numbers.options.increment == 2);
  CHECK(numbers.options.min_value == 1);
  CHECK(numbers.options.max_value == 9999999);
  CHECK(numbers.options.cache == 10);
  CHECK(numbers.options.cycle == true);
  CHECK(numbers.owned_by == "orders.number");
  CHECK(numbers.comment == "Order numbers");

  const auto& customers = catalog.tables.at("customers");
  const auto* customers_pk = find_constraint(customers, ConstraintKind::primary_key);
  REQUIRE(customers_pk);
  CHECK(customers_pk->name == "customers_pk");
  CHECK(customers_pk->columns == std::vector<std::string>{"id"});
  CHECK(customers_pk->include == std::vector<std::string>{"email"});
  CHECK(customers_pk->deferrable);
  CHECK(customers_pk->initially_deferred);
  const auto& customer_id = customers.columns.at(0);
  CHECK(customer_id.identity == Identity::by_default);
  CHECK(customer_id.not_null);
  CHECK(customer_id.identity_options ==
        recon::SequenceOptions{"bigint", 10, 5, 1, 1000000, 2, false});
  const auto* email_unique = find_constraint(customers, ConstraintKind::unique);
  REQUIRE(email_unique);
  CHECK(email_unique->name.empty());
  CHECK(email_unique->columns == std::vector<std::string>{"email"});

  const auto& orders = catalog.tables.at("orders");
  CHECK(orders.comment == "One row per order");
  CHECK(orders.unlogged);
  CHECK(orders.renamed_from == std::vector<std::string>{"old_orders", "older_orders"});
  std::vector<std::string> column_names;
  for (const auto& c : orders.columns) column_names.push_back(c.name);
  CHECK(column_names ==
        std::vector<std::string>{"id", "number", "customer_id", "state", "price", "qty", "total"});
  const auto& id = orders.columns[0];
  CHECK(id.identity == Identity::always);
  CHECK(id.not_null);
  CHECK(id.where.line == 48);
  const auto& number = orders.columns[1];
  CHECK(number.not_null);
  CHECK(number.default_expr == "nextval('order_numbers')");
  CHECK(number.comment == "Shown to customers");
  CHECK(number.renamed_from == std::vector<std::string>{"no"});
  CHECK_FALSE(orders.columns[2].not_null);
  CHECK(orders.columns[6].generated == "price * qty");
  CHECK(orders.columns[6].collation == "C");

  const auto* orders_pk = find_constraint(orders, ConstraintKind::primary_key);
  REQUIRE(orders_pk);
  CHECK(orders_pk->name.empty());
  CHECK(orders_pk->columns == std::vector<std::string>{"id"});
  const auto* number_check = find_constraint(orders, ConstraintKind::check, 0);
  REQUIRE(number_check);
  CHECK(number_check->expression == "number > 0");
  CHECK(number_check->name.empty());
  const auto* qty_check = find_constraint(orders, ConstraintKind::check, 1);
  REQUIRE(qty_check);
  CHECK(qty_check->name == "orders_qty_positive");
  CHECK(qty_check->not_valid);
  CHECK(qty_check->no_inherit);
  const auto* unique = find_constraint(orders, ConstraintKind::unique);
  REQUIRE(unique);
  CHECK(unique->name == "orders_customer_number");
  CHECK(unique->columns == std::vector<std::string>{"customer_id", "number"});
  CHECK(unique->nulls_not_distinct);
  CHECK(unique->include == std::vector<std::string>{"state"});
  CHECK(unique->deferrable);
  CHECK_FALSE(unique->initially_deferred);

  const auto* fk = find_constraint(orders, ConstraintKind::foreign_key, 0);
  REQUIRE(fk);
  CHECK(fk->name == "orders_customer");
  CHECK(fk->columns == std::vector<std::string>{"customer_id"});
  CHECK(fk->references == recon::ForeignKeyTarget{"", "customers", {"id"}});  // its primary key
  CHECK(fk->on_delete == "set null");
  CHECK(fk->on_update == "cascade");
  CHECK(fk->match == "full");
  CHECK(fk->deferrable);  // implied by initially_deferred
  CHECK(fk->initially_deferred);
  CHECK(fk->not_valid);
  const auto* billing = find_constraint(orders, ConstraintKind::foreign_key, 1);
  REQUIRE(billing);
  CHECK(billing->references == recon::ForeignKeyTarget{"billing", "accounts", {"id"}});
  CHECK(billing->on_delete == "no action");
  CHECK(billing->match == "simple");

  const auto* exclude = find_constraint(orders, ConstraintKind::exclude);
  REQUIRE(exclude);
  CHECK(exclude->name == "orders_no_overlap");
  CHECK(exclude->expression == "USING gist (customer_id WITH =)");

  REQUIRE(orders.indexes.size() == 2);
  const auto& by_state = orders.indexes[0];
  CHECK(by_state.name == "orders_by_state");
  CHECK(by_state.method == "btree");
  CHECK(by_state.unique);
  CHECK(by_state.nulls_not_distinct);
  CHECK(by_state.include == std::vector<std::string>{"qty"});
  CHECK(by_state.where == "state <> 'shipped'");
  CHECK(by_state.comment == "Open orders");
  REQUIRE(by_state.keys.size() == 3);
  CHECK(by_state.keys[0] == recon::IndexKey{"state", "", std::nullopt, std::nullopt, false, false});
  CHECK(by_state.keys[1] == recon::IndexKey{"number", "", std::nullopt, std::nullopt, true, true});
  CHECK(by_state.keys[2] ==
        recon::IndexKey{"", "lower(state::text)", "C", "text_pattern_ops", false, true});
  CHECK(orders.indexes[1].method == "hash");
  CHECK(orders.indexes[1].name.empty());

  const auto& measurements = catalog.tables.at("measurements");
  CHECK(measurements.partition_by == "range (taken_at)");
  const auto& y2020 = catalog.tables.at("measurements_2020");
  CHECK(y2020.partition_of == "measurements");
  CHECK(y2020.partition_bound == "for values from ('2020-01-01') to ('2021-01-01')");
  CHECK(y2020.columns.empty());
  CHECK(catalog.tables.at("measurements_default").partition_bound == "default");

  const auto& open = catalog.views.at("open_orders");
  CHECK(open.definition == "SELECT id, number FROM orders WHERE state = 'open'");
  CHECK_FALSE(open.materialized);
  CHECK(open.comment == "Orders still open");
  const auto& totals = catalog.views.at("order_totals");
  CHECK(totals.materialized);
  REQUIRE(totals.indexes.size() == 1);
  CHECK(totals.indexes[0].unique);
  CHECK(totals.indexes[0].keys[0].column == "customer_id");
}

TEST_CASE("defaults: schema from the file name, nullable columns, no comment", "[declare]") {
  const Catalog catalog = parse_declaration(R"(
[tables.t]
comment = ""
[[tables.t.columns]]
name = "Weird \"name\" é"
type = "int"
)",
                                            "dir/my_project.toml");
  CHECK(catalog.schema == "my_project");
  CHECK_FALSE(catalog.schema_comment);
  const auto& table = catalog.tables.at("t");
  CHECK_FALSE(table.comment);
  CHECK(table.constraints.empty());
  REQUIRE(table.columns.size() == 1);
  CHECK(table.columns[0].name == "Weird \"name\" é");
  CHECK_FALSE(table.columns[0].not_null);
  CHECK(table.columns[0].identity == Identity::none);
  CHECK(table.columns[0].where.file == "dir/my_project.toml");
  CHECK(table.columns[0].where.line == 4);
  CHECK(table.columns[0].where.column == 1);
}

TEST_CASE("primary key columns become not null", "[declare]") {
  const Catalog catalog = parse_declaration(R"(
[tables.t]
primary_key = ["a", "b"]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
[[tables.t.columns]]
name = "c"
type = "int"
)",
                                            "x.toml");
  const auto& table = catalog.tables.at("t");
  CHECK(table.columns[0].not_null);
  CHECK(table.columns[1].not_null);
  CHECK_FALSE(table.columns[2].not_null);
  CHECK(find_constraint(table, ConstraintKind::primary_key)->columns ==
        std::vector<std::string>{"a", "b"});
}

namespace {

struct BadInput {
  const char* toml;
  int line;
  int column;
  const char* message;
};

// Each input holds one mistake; the error must point at it and say what is wrong.
const std::vector<BadInput> bad_inputs = {
    // TOML syntax
    {"schema = \n", 1, 10, "invalid TOML"},
    {"[tables.t]\n[tables.t]\n", 2, 1, "invalid TOML"},
    // Unknown keys, with suggestions
    {"scheam = \"x\"\n", 1, 1, "unknown key 'scheam' at the top level (did you mean 'schema'?)"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"title\"\ntype = \"text\"\nnulable = true\n", 5, 1,
     "unknown key 'nulable' in column 'title' (did you mean 'nullable'?)"},
    {"[tables.t]\ncoment = \"x\"\n", 2, 1,
     "unknown key 'coment' in table 't' (did you mean 'comment'?)"},
    {"[enums.e]\nvalues = []\nvalue = []\n", 3, 1, "unknown key 'value' in enum 'e'"},
    {"[tables.t]\n[[tables.t.indexes]]\ncolumns = [{ colum = \"a\" }]\n", 3, 14,
     "unknown key 'colum' in key #1 of index #1 of table 't' (did you mean 'column'?)"},
    {"[sequences.s]\nincrement_by = 1\n", 2, 1,
     "unknown key 'increment_by' in sequence 's' (did you mean 'increment'?)"},
    {"[views.v]\nquery = \"select 1\"\nmaterialised = true\n", 3, 1,
     "(did you mean 'materialized'?)"},
    {"[tables.t]\n[[tables.t.foreign_keys]]\ncolumns = [\"a\"]\nreferences = { tabel = \"u\" "
     "}\n",
     4, 16,
     "unknown key 'tabel' in 'references' of foreign key #1 of table 't' (did you mean 'table'?)"},
    // Wrong value types
    {"[tables.t]\n[[tables.t.columns]]\nname = \"title\"\ntype = \"text\"\nnullable = \"no\"\n", 5,
     12, "'nullable' in column 'title' must be a boolean, not a string"},
    {"schema = 5\n", 1, 10, "'schema' at the top level must be a string, not an integer"},
    {"[tables.t]\nunlogged = 1\n", 2, 12,
     "'unlogged' in table 't' must be a boolean, not an integer"},
    {"[sequences.s]\nstart = 1.5\n", 2, 9,
     "'start' in sequence 's' must be an integer, not a floating-point number"},
    {"[tables.t]\n[tables.t.columns]\nname = \"a\"\n", 2, 1,
     "'columns' in table 't' must be an array of tables, not a table (write [[...]] with double "
     "brackets)"},
    {"[tables.t]\nprimary_key = [\"a\", 1]\n", 2, 21,
     "element 2 of 'primary_key' in table 't' must be a string, not an integer"},
    {"tables = [1]\n", 1, 10, "'tables' at the top level must be a table, not an array"},
    {"[tables]\nt = \"x\"\n", 2, 5, "tables.t must be a table, not a string"},
    {"[tables.t]\n[[tables.t.indexes]]\ncolumns = [1]\n", 3, 12,
     "element 1 of 'columns' in index #1 of table 't' must be a string or a table, not an integer"},
    // Missing required keys
    {"[tables.t]\n[[tables.t.columns]]\nname = \"a\"\n", 2, 1,
     "missing required key 'type' in column 'a'"},
    {"[tables.t]\n[[tables.t.columns]]\ntype = \"int\"\n", 2, 1,
     "missing required key 'name' in column #1 of table 't'"},
    {"[enums.e]\ncomment = \"x\"\n", 1, 1, "missing required key 'values' in enum 'e'"},
    {"[views.v]\nmaterialized = true\n", 1, 1, "missing required key 'query' in view 'v'"},
    {"[domains.d]\nnullable = false\n", 1, 1, "missing required key 'type' in domain 'd'"},
    {"[tables.t]\n[[tables.t.checks]]\nname = \"c\"\n", 2, 1,
     "missing required key 'expression' in check 'c' of table 't'"},
    {"[tables.t]\n[[tables.t.foreign_keys]]\ncolumns = []\n", 3, 11,
     "'columns' in foreign key #1 of table 't' must not be empty"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = \" \"\n", 4, 8,
     "'type' in column 'a' must not be empty"},
    // Names
    {"[tables.\"\"]\n", 1, 9, "table name is empty"},
    {"[tables.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaa]\n",
     1, 9, "is 92 bytes long: Postgres truncates names to 63 bytes"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\n[[tables.t.columns]]\nname = "
     "\"a\"\ntype = \"text\"\n",
     6, 8, "column 'a' is declared twice in table 't' (first at test.toml:3:8)"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"xmin\"\ntype = \"int\"\n", 3, 8,
     "column name 'xmin' conflicts with a system column"},
    {"[tables.t]\n[[tables.t.indexes]]\nname = \"t\"\ncolumns = "
     "[\"a\"]\n[[tables.t.columns]]\nname "
     "= \"a\"\ntype = \"int\"\n",
     2, 1, "index 't' of table 't' has the same name as table 't' (test.toml:1:9)"},
    {"[tables.a]\n[[tables.a.unique]]\nname = \"k\"\ncolumns = [\"x\"]\n[[tables.a.columns]]\nname "
     "= "
     "\"x\"\ntype = \"int\"\n[sequences.k]\n",
     8, 12, "sequence 'k' has the same name as unique constraint 'k' of table 'a'"},
    {"[enums.mood]\nvalues = [\"a\"]\n[domains.mood]\ntype = \"text\"\n", 3, 10,
     "domain 'mood' has the same name as enum 'mood' (test.toml:1:8)"},
    {"[enums.t]\nvalues = [\"a\"]\n[tables.t]\n", 3, 9,
     "table 't' has the same name as enum 't' (test.toml:1:8): enums, domains and the row types"},
    {"[tables.t]\n[[tables.t.checks]]\nname = \"c\"\nexpression = "
     "\"true\"\n[[tables.t.foreign_keys]]\n"
     "name = \"c\"\ncolumns = [\"a\"]\nreferences = { table = \"t\", columns = [\"a\"] }\n"
     "[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\nunique = true\n",
     5, 1, "foreign key 'c' of table 't' has the same name as check 'c' of table 't'"},
    {"schema = \"pg_stuff\"\n", 1, 10, "schema name 'pg_stuff' is reserved"},
    // References to columns and tables
    {"[tables.t]\nprimary_key = [\"idd\"]\n[[tables.t.columns]]\nname = \"id\"\ntype = \"int\"\n",
     2, 16, "unknown column 'idd' in primary key of table 't' (did you mean 'id'?)"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"title\"\ntype = \"text\"\n[[tables.t.indexes]]\n"
     "columns = [\"titel\"]\n",
     6, 12, "unknown column 'titel' in index #1 of table 't' (did you mean 'title'?)"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\n[[tables.t.unique]]\ncolumns "
     "= "
     "[\"a\"]\ninclude = [\"b\"]\n",
     7, 12, "unknown column 'b' in unique constraint #1 of table 't'"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\n[[tables.t.foreign_keys]]\n"
     "columns = [\"b\"]\nreferences = { table = \"t\", columns = [\"a\"] }\n",
     6, 12, "unknown column 'b' in foreign key #1 of table 't'"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\n[[tables.t.foreign_keys]]\n"
     "columns = [\"a\"]\nreferences = { table = \"userz\" }\n[tables.users]\n",
     7, 24,
     "foreign key #1 of table 't' references table 'userz', which is not declared in schema "
     "'test' (did you mean 'users'?)"},
    {"[tables.u]\nprimary_key = [\"id\"]\n[[tables.u.columns]]\nname = \"id\"\ntype = \"int\"\n"
     "[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\n[[tables.t.foreign_keys]]\n"
     "columns = [\"a\"]\nreferences = { table = \"u\", columns = [\"idd\"] }\n",
     12, 40,
     "unknown column 'idd' in table 'u', referenced by foreign key #1 of table 't' (did you mean "
     "'id'?)"},
    {"[tables.u]\nprimary_key = [\"id\"]\n[[tables.u.columns]]\nname = \"id\"\ntype = \"int\"\n"
     "[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\n[[tables.t.foreign_keys]]\n"
     "columns = [\"a\", \"a2\"]\nreferences = { table = \"u\" }\n[[tables.t.columns]]\nname = "
     "\"a2\"\ntype = \"int\"\n",
     12, 14, "foreign key #1 of table 't' has 2 columns but references 1"},
    {"[tables.u]\n[[tables.u.columns]]\nname = \"id\"\ntype = \"int\"\n[tables.t]\n"
     "[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\n[[tables.t.foreign_keys]]\ncolumns = "
     "[\"a\"]\nreferences = { table = \"u\" }\n",
     11, 14, "references table 'u', which has no primary key"},
    {"[tables.u]\n[[tables.u.columns]]\nname = \"id\"\ntype = \"int\"\n[tables.t]\n"
     "[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\n[[tables.t.foreign_keys]]\ncolumns = "
     "[\"a\"]\nreferences = { table = \"u\", columns = [\"id\"] }\n",
     11, 14, "which no primary key or unique constraint covers"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\n[[tables.t.foreign_keys]]\n"
     "columns = [\"a\"]\nreferences = { schema = \"other\", table = \"u\" }\n",
     7, 14, "references table 'u' of schema 'other': list the referenced 'columns'"},
    {"[sequences.s]\nowned_by = \"t.b\"\n[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = "
     "\"int\"\n",
     2, 12, "owned_by of sequence 's': unknown column 'b' in table 't'"},
    {"[sequences.s]\nowned_by = \"nodot\"\n", 2, 12,
     "'owned_by' in sequence 's' must be \"table.column\""},
    {"[tables.p]\npartition_of = \"measurement\"\npartition_bound = \"default\"\n"
     "[tables.measurements]\npartition_by = \"range (a)\"\n",
     2, 16,
     "table 'p' is a partition of table 'measurement', which is not declared in schema 'test' "
     "(did you mean 'measurements'?)"},
    {"[tables.p]\npartition_of = \"m\"\npartition_bound = \"default\"\n[tables.m]\n", 2, 16,
     "table 'm' is not partitioned"},
    {"[tables.p]\npartition_of = \"m\"\npartition_bound = \"default\"\n[[tables.p.columns]]\nname "
     "= "
     "\"a\"\ntype = \"int\"\n[tables.m]\npartition_by = \"list (a)\"\n",
     4, 1, "partition 'p' declares columns"},
    {"[tables.p]\npartition_of = \"m\"\n[tables.m]\npartition_by = \"list (a)\"\n", 2, 16,
     "has no 'partition_bound'"},
    // Keyword values
    {"[tables.t]\n[[tables.t.foreign_keys]]\ncolumns = [\"a\"]\nreferences = { schema = \"o\", "
     "table = \"u\", columns = [\"x\"] }\non_delete = \"cascad\"\n",
     5, 13,
     "'on_delete' in foreign key #1 of table 't' must be 'no action', 'restrict', 'cascade', 'set "
     "null' or 'set default', not 'cascad' (did you mean 'cascade'?)"},
    {"[tables.t]\n[[tables.t.foreign_keys]]\ncolumns = [\"a\"]\nreferences = { schema = \"o\", "
     "table = \"u\", columns = [\"x\"] }\nmatch = \"partial\"\n",
     5, 9, "must be 'simple' or 'full', not 'partial'"},
    {"[tables.t]\n[[tables.t.indexes]]\ncolumns = [\"a\"]\nmethod = \"btre\"\n", 4, 10,
     "(did you mean 'btree'?)"},
    {"[tables.t]\n[[tables.t.indexes]]\ncolumns = [{ column = \"a\", order = \"descending\" }]\n",
     3, 36, "'order' in key #1 of index #1 of table 't' must be 'asc' or 'desc', not 'descending'"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"id\"\ntype = \"int\"\nidentity = \"allways\"\n", 5,
     12, "(did you mean 'always'?)"},
    {"[tables.t]\n[[tables.t.indexes]]\ncolumns = [{ column = \"a\", expression = \"a\" }]\n", 3,
     12, "has both 'column' and 'expression'"},
    {"[tables.t]\n[[tables.t.indexes]]\nmethod = \"gin\"\nunique = true\ncolumns = [\"a\"]\n", 4,
     10, "only btree indexes can be unique"},
    // Enums
    {"[enums.e]\nvalues = [\"a\", \"b\", \"a\"]\n", 2, 21,
     "value 'a' appears twice in enum 'e' (first at test.toml:2:11)"},
    {"[enums.e]\nvalues = [\"a\"]\nrenamed_values = { b = \"c\" }\n", 3, 20,
     "renames to 'b', which is not one of its values"},
    // Columns: identity, generated, defaults, shorthands
    {"[tables.t]\n[[tables.t.columns]]\nname = \"id\"\ntype = \"int\"\nidentity = \"always\"\n"
     "default = \"0\"\n",
     6, 11, "identity column 'id' cannot have a 'default'"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"id\"\ntype = \"int\"\nidentity = \"always\"\n"
     "generated = \"1\"\n",
     6, 13, "identity column 'id' cannot also be 'generated'"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"id\"\ntype = \"text\"\nidentity = \"always\"\n", 4,
     8, "identity column 'id' must be of type smallint, integer or bigint, not 'text'"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"id\"\ntype = \"int\"\nidentity = { start = 1 "
     "}\n",
     5, 12, "missing required key 'generation' in identity of column 'id'"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"id\"\ntype = \"bigint\"\n"
     "identity = { generation = \"always\", type = \"int\" }\n",
     5, 44,
     "identity 'type' 'int' of column 'id' differs from the column's type 'bigint': an identity's "
     "sequence always has the column's type. Remove 'type' here; or did you mean the column's "
     "'type' = 'int'?"},
    {"[tables.t]\nprimary_key = [\"id\"]\n[[tables.t.columns]]\nname = \"id\"\ntype = "
     "\"int\"\nprimary_key = true\n",
     6, 15, "column 'id' is marked primary_key, but table 't' already declares primary_key"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"id\"\ntype = \"int\"\nprimary_key = true\n"
     "nullable = true\n",
     6, 12, "column 'id' is in the primary key of table 't', so it cannot be nullable"},
    {"[tables.t]\n[[tables.t.columns]]\nname = \"a\"\ntype = \"int\"\ngenerated = \"1\"\ndefault = "
     "\"2\"\n",
     5, 13, "has both 'generated' and 'default'"},
    // Sequences and constraints options
    {"[sequences.s]\nincrement = 0\n", 2, 13, "'increment' in sequence 's' must not be zero"},
    {"[sequences.s]\nmin = 10\nmax = 5\n", 2, 7,
     "'min' (10) in sequence 's' must be less than 'max' (5)"},
    {"[sequences.s]\ntype = \"text\"\n", 2, 8, "must be smallint, integer or bigint, not 'text'"},
    {"[tables.t]\n[[tables.t.checks]]\nexpression = \"true\"\ndeferrable = true\n", 4, 1,
     "unknown key 'deferrable' in check #1 of table 't'"},
    {"[tables.t]\n[[tables.t.excludes]]\ndefinition = \"using gist (a with =)\"\n"
     "deferrable = false\ninitially_deferred = true\n",
     5, 22, "'initially_deferred' in exclusion constraint #1 of table 't' needs deferrable = true"},
    {"[views.v]\nquery = \"select 1\"\n[[views.v.indexes]]\ncolumns = [\"a\"]\n", 3, 1,
     "view 'v' has indexes, but only a materialized view can"},
    {"ignore = [\"t\"]\n[tables.t]\n", 1, 10, "'t' is ignored, but also declared (test.toml:2:9)"},
    {"[views.v]\nquery = \"select 1 as a\"\n[tables.t]\n[[tables.t.columns]]\nname = \"a\"\n"
     "type = \"int\"\n[[tables.t.foreign_keys]]\ncolumns = [\"a\"]\nreferences = { table = \"v\" "
     "}\n",
     9, 24,
     "foreign key #1 of table 't' references view 'v': a foreign key must reference a table"},
    {"[tables.a]\npartition_by = \"list (x)\"\npartition_of = \"b\"\npartition_bound = "
     "\"default\"\n"
     "[tables.b]\npartition_by = \"list (x)\"\npartition_of = \"a\"\npartition_bound = "
     "\"default\"\n",
     3, 16, "table 'a' cannot be a partition of itself (partition_of forms a cycle)"},
    {"[sequences.s]\nowned_by = \"tab.a\"\n[tables.t]\n", 2, 12,
     "sequence 's' is owned by table 'tab', which is not declared in schema 'test'"},
    // [apply]
    {"[apply]\nlock_timout = \"5s\"\n", 2, 1,
     "unknown key 'lock_timout' in [apply] (did you mean 'lock_timeout'?)"},
    {"[apply]\nlock_retries = -1\n", 2, 16, "lock_retries must be between 0 and 1000, not -1"},
    {"[apply]\nlock_retries = \"3\"\n", 2, 16, "must be an integer, not a string"},
    {"apply = 3\n", 1, 9, "must be a table, not an integer"},
};

}  // namespace

TEST_CASE("bad declarations are reported at the mistake", "[declare]") {
  REQUIRE(bad_inputs.size() >= 40);
  for (const BadInput& input : bad_inputs) {
    const auto diagnostics = problems(input.toml);
    INFO("input:\n" << input.toml << "\nreported:\n" << all_messages(diagnostics));
    const bool found = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const auto& d) {
      return d.where.file == "test.toml" && d.where.line == input.line &&
             d.where.column == input.column && d.message.find(input.message) != std::string::npos;
    });
    CHECK(found);
  }
}

TEST_CASE("every problem of a file is reported at once, in order", "[declare]") {
  const auto diagnostics = problems(R"([tables.t]
coment = "x"
[[tables.t.columns]]
name = "a"
nullable = "no"
)");
  REQUIRE(diagnostics.size() == 3);
  CHECK(diagnostics[0].to_string() ==
        "test.toml:2:1: unknown key 'coment' in table 't' (did you mean 'comment'?)");
  CHECK(diagnostics[1].to_string() == "test.toml:3:1: missing required key 'type' in column 'a'");
  CHECK(diagnostics[2].to_string() ==
        "test.toml:5:12: 'nullable' in column 'a' must be a boolean, not a string");
}

TEST_CASE("long names that Postgres would truncate to the same name collide", "[declare]") {
  const std::string prefix(63, 'x');
  const auto diagnostics = problems("[tables." + prefix + "a]\n[tables." + prefix + "b]\n");
  const std::string text = all_messages(diagnostics);
  CHECK(text.find("is 64 bytes long") != std::string::npos);
  CHECK(text.find("once Postgres truncates both to 63 bytes") != std::string::npos);
}

TEST_CASE("foreign keys: own schema spelled out, ignored targets", "[declare]") {
  const Catalog catalog = parse_declaration(R"(
schema = "app"
ignore = ["legacy"]
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.foreign_keys]]
columns = ["a"]
references = { schema = "app", table = "t", columns = ["a"] }
[[tables.t.foreign_keys]]
columns = ["a"]
references = { table = "legacy", columns = ["id"] }
[[tables.t.indexes]]
columns = ["a"]
unique = true
)",
                                            "x.toml");
  const auto& table = catalog.tables.at("t");
  CHECK(find_constraint(table, ConstraintKind::foreign_key, 0)->references ==
        recon::ForeignKeyTarget{"", "t", {"a"}});
  CHECK(find_constraint(table, ConstraintKind::foreign_key, 1)->references ==
        recon::ForeignKeyTarget{"", "legacy", {"id"}});
}

TEST_CASE("a directory project merges its files", "[declare]") {
  TempDir dir;
  dir.write("billing/a_types.toml", "schema = \"billing\"\n[enums.state]\nvalues = [\"a\"]\n");
  dir.write("billing/tables/invoices.toml", R"(
[tables.invoices]
primary_key = ["id"]
[[tables.invoices.columns]]
name = "id"
type = "bigint"
[[tables.invoices.columns]]
name = "customer_id"
type = "bigint"
[[tables.invoices.foreign_keys]]
columns = ["customer_id"]
references = { table = "customers" }
)");
  dir.write("billing/tables/customers.toml", R"(
schema = "billing"
[tables.customers]
primary_key = ["id"]
[[tables.customers.columns]]
name = "id"
type = "bigint"
)");
  dir.write("billing/.hidden.toml", "this is not TOML");
  dir.write("billing/notes.md", "not a declaration");

  const auto project = load_project(dir.path / "billing");
  CHECK(project.name == "billing");
  CHECK(project.source == dir.path / "billing");
  CHECK(project.catalog.schema == "billing");
  CHECK(project.catalog.enums.size() == 1);
  CHECK(project.catalog.tables.size() == 2);
  // The foreign key names a table of another file and takes its primary key.
  CHECK(find_constraint(project.catalog.tables.at("invoices"), ConstraintKind::foreign_key)
            ->references.columns == std::vector<std::string>{"id"});
  CHECK(project.catalog.tables.at("customers").where.file ==
        (dir.path / "billing/tables/customers.toml").generic_string());
}

TEST_CASE("[apply] settings reach the project, and the files of a project must agree",
          "[declare]") {
  TempDir dir;
  dir.write("one.toml", "[apply]\nlock_timeout = \"3s\"\nlock_retries = 2\n");
  const auto one = load_project(dir.path / "one.toml");
  CHECK(one.lock_timeout == "3s");
  CHECK(one.lock_timeout_at.line == 2);
  CHECK(one.lock_retries == 2);
  dir.write("none.toml", "[tables.t]\n");
  CHECK_FALSE(load_project(dir.path / "none.toml").lock_retries);
  dir.write("two/a.toml", "[apply]\nlock_retries = 2\n");
  dir.write("two/b.toml", "[apply]\nlock_retries = 3\n");
  CHECK_THROWS_WITH(load_project(dir.path / "two"),
                    Catch::Contains("'lock_retries' is set differently"));
}

TEST_CASE("a directory project reports an object declared in two files", "[declare]") {
  TempDir dir;
  dir.write("p/a.toml", "[tables.t]\n");
  dir.write("p/b.toml", "\n[tables.t]\ncomment = \"again\"\n");
  dir.write("p/c.toml", "schema = \"other\"\n");
  dir.write("p/d.toml", "schema = \"different\"\n");
  try {
    load_project(dir.path / "p");
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    const std::string a = (dir.path / "p/a.toml").generic_string();
    const std::string b = (dir.path / "p/b.toml").generic_string();
    const std::string c = (dir.path / "p/c.toml").generic_string();
    const std::string d = (dir.path / "p/d.toml").generic_string();
    const auto& diagnostics = error.diagnostics();
    REQUIRE(diagnostics.size() == 2);
    CHECK(diagnostics[0].to_string() == b + ":2:9: table 't' is already declared at " + a + ":1:9");
    CHECK(diagnostics[1].to_string() == d + ":1:10: 'schema' is set differently at " + c +
                                            ":1:10: the files of a project must agree on it");
  }
}

TEST_CASE("load_projects finds every project, or the named ones", "[declare]") {
  TempDir dir;
  dir.write("b_project.toml", "[tables.t]\n");
  dir.write("a_project/one.toml", "[tables.t]\n");
  dir.write("README.md", "not a project");
  dir.write("empty/notes.txt", "no toml here");

  const auto all = load_projects(dir.path);
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "a_project");
  CHECK(all[0].catalog.schema == "a_project");
  CHECK(all[1].name == "b_project");

  const auto some = load_projects(dir.path, {"b_project"});
  REQUIRE(some.size() == 1);
  CHECK(some[0].name == "b_project");

  try {
    load_projects(dir.path, {"b_projetc"});
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    REQUIRE(error.diagnostics().size() == 1);
    const std::string message = error.diagnostics()[0].message;
    CHECK(message.find("unknown project 'b_projetc'") != std::string::npos);
    CHECK(message.find("(did you mean 'b_project'?)") != std::string::npos);
  }
}

TEST_CASE("load_projects refuses two projects owning one schema", "[declare]") {
  TempDir dir;
  dir.write("a.toml", "schema = \"shared\"\n");
  dir.write("b.toml", "schema = \"shared\"\n");
  CHECK_THROWS_WITH(load_projects(dir.path),
                    Catch::Contains("projects 'a' and 'b' both declare schema 'shared'"));
}

TEST_CASE("the example projects of the repository load", "[declare]") {
  const auto projects = load_projects(repo_root() / "schemas");
  std::vector<std::string> names;
  for (const auto& p : projects) names.push_back(p.name);
  REQUIRE(std::find(names.begin(), names.end(), "00_personal_todo") != names.end());
  REQUIRE(std::find(names.begin(), names.end(), "01_user_auth_todo") != names.end());

  const auto todo = load_project(repo_root() / "schemas" / "00_personal_todo.toml");
  CHECK(todo.catalog.schema == "00_personal_todo");
  CHECK(todo.catalog.ignored == std::vector<std::string>{"alembic_version"});
  const auto& todos = todo.catalog.tables.at("todos");
  CHECK(todos.columns.at(0).name == "id");
  CHECK(todos.columns.at(0).identity == Identity::always);
  const auto* owner = find_constraint(todos, ConstraintKind::foreign_key);
  REQUIRE(owner);
  CHECK(owner->references == recon::ForeignKeyTarget{"01_user_auth_todo", "users", {"id"}});
  CHECK(owner->on_delete == "set null");
  REQUIRE(todos.indexes.size() == 1);
  CHECK(todos.indexes[0].where == "deleted_at IS NULL");

  const auto auth = load_project(repo_root() / "schemas" / "01_user_auth_todo.toml");
  const auto& sessions = auth.catalog.tables.at("sessions");
  const auto* session_user = find_constraint(sessions, ConstraintKind::foreign_key);
  REQUIRE(session_user);
  CHECK(session_user->references == recon::ForeignKeyTarget{"", "users", {"id"}});
  CHECK(session_user->on_delete == "cascade");
  CHECK(sessions.columns.at(0).not_null);  // the primary key
}

TEST_CASE("every TOML example of docs/declaration.md parses", "[declare]") {
  const std::string doc = read_text(repo_root() / "docs" / "declaration.md");
  std::size_t examples = 0;
  for (std::size_t at = doc.find("```toml\n"); at != std::string::npos;
       at = doc.find("```toml\n", at)) {
    at += 8;
    const std::size_t end = doc.find("```", at);
    const std::string example = doc.substr(at, end - at);
    INFO(example);
    CHECK_NOTHROW(parse_declaration(example, "example.toml"));
    ++examples;
  }
  CHECK(examples >= 2);
}

TEST_CASE("docs/recon.schema.json lists the keys the parser accepts", "[declare]") {
  namespace keys = recon::declare::keys;
  const auto schema = nlohmann::json::parse(read_text(repo_root() / "docs" / "recon.schema.json"));
  auto properties = [&](const nlohmann::json& node) {
    std::vector<std::string> names;
    for (const auto& [name, _] : node.at("properties").items()) names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
  };
  auto sorted = [](std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    return names;
  };
  CHECK(properties(schema) == sorted(keys::top));
  const auto& defs = schema.at("definitions");
  const std::vector<std::pair<std::string, const std::vector<std::string>*>> kinds = {
      {"apply", &keys::apply},
      {"enum", &keys::enum_type},
      {"domain", &keys::domain},
      {"domain_check", &keys::domain_check},
      {"composite", &keys::composite},
      {"composite_attribute", &keys::composite_attribute},
      {"range", &keys::range},
      {"sequence", &keys::sequence},
      {"table", &keys::table},
      {"data", &keys::data},
      {"column", &keys::column},
      {"identity", &keys::identity},
      {"primary_key", &keys::primary_key},
      {"unique", &keys::unique},
      {"check", &keys::check},
      {"foreign_key", &keys::foreign_key},
      {"references", &keys::references},
      {"exclude", &keys::exclude},
      {"index", &keys::index},
      {"index_key", &keys::index_key},
      {"view", &keys::view},
      {"function", &keys::function},
      {"procedure", &keys::procedure},
      {"trigger", &keys::trigger},
      {"policy", &keys::policy},
      {"aggregate", &keys::aggregate},
      {"collation", &keys::collation},
      {"grant", &keys::grant},
      {"revoke", &keys::revoke},
      {"default_privileges", &keys::default_privileges},
      {"text_search", &keys::text_search},
      {"text_search_dictionary", &keys::text_search_dictionary},
      {"text_search_configuration", &keys::text_search_configuration},
  };
  for (const auto& [name, known] : kinds) {
    INFO(name);
    CHECK(properties(defs.at(name)) == sorted(*known));
  }
}

// Was a wall-clock bound; what matters is that each of the 10,000 tables is read whole, with
// its key, reference and index (a slow parser is the benchmark's business, bench/).
TEST_CASE("a declaration of ten thousand tables is read whole", "[declare]") {
  std::string text;
  text.reserve(12'000'000);
  for (int i = 0; i < 10000; ++i) {
    const std::string t = "t" + std::to_string(i);
    text += "[tables." + t + "]\nprimary_key = [\"id\"]\n";
    text +=
        "[[tables." + t + ".columns]]\nname = \"id\"\ntype = \"bigint\"\nidentity = \"always\"\n";
    text += "[[tables." + t + ".columns]]\nname = \"name\"\ntype = \"text\"\nnullable = false\n";
    text += "[[tables." + t + ".columns]]\nname = \"parent_id\"\ntype = \"bigint\"\n";
    text += "[[tables." + t +
            ".foreign_keys]]\ncolumns = [\"parent_id\"]\nreferences = { table = \"t" +
            std::to_string(i / 2) + "\" }\n";
    text += "[[tables." + t + ".indexes]]\nname = \"" + t + "_name\"\ncolumns = [\"name\"]\n";
  }
  const Catalog catalog = parse_declaration(text, "big.toml");
  CHECK(catalog.tables.size() == 10000);
  std::size_t complete = 0;
  for (int i = 0; i < 10000; ++i) {
    const std::string t = "t" + std::to_string(i);
    const auto found = catalog.tables.find(t);
    if (found == catalog.tables.end()) continue;
    const recon::Table& table = found->second;
    bool reference = false, key = false;
    for (const auto& c : table.constraints) {
      reference = reference || (c.kind == ConstraintKind::foreign_key &&
                                c.references.table == "t" + std::to_string(i / 2));
      key = key ||
            (c.kind == ConstraintKind::primary_key && c.columns == std::vector<std::string>{"id"});
    }
    complete += table.columns.size() == 3 && reference && key && table.indexes.size() == 1 &&
                table.indexes[0].name == t + "_name";
  }
  CHECK(complete == 10000);
}
