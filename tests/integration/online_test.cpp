// Online forms (issue 19): on a table that exists before the plan, indexes are built and dropped
// CONCURRENTLY outside the revision's transaction, constraints are added NOT VALID and validated
// in steps of their own, NOT NULL goes through a validated check, and every such step says the
// lock it takes; a table created by the plan keeps the plain forms; `online = false` asks for the
// blocking ones. Each plan reaches the declared state.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "diff/diff.hpp"
#include "integration/schema_states.hpp"
#include "plan/order.hpp"
#include "plan/replay.hpp"

namespace {

using recon::Catalog;
using recon::Change;
using recon::testing::check_same_catalog;

// `orders` exists, with rows; the declaration gives it an index, a unique constraint, a foreign
// key, a check and a NOT NULL, redefines one index and drops another; `refunds` is new.
const char* kOnlineBefore = R"sql(
CREATE TABLE customers (id int PRIMARY KEY, email text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int, total int, code text, note text);
CREATE INDEX orders_note_idx ON orders (note);
CREATE INDEX orders_gone_idx ON orders (total);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
INSERT INTO orders SELECT g, 1 + g % 100, g, 'code' || g, 'n' FROM generate_series(1, 1000) g;
)sql";

const char* kOnlineAfter = R"toml(
schema = "app"
[tables.customers]
primary_key = ["id"]
[[tables.customers.columns]]
name = "id"
type = "int"
[[tables.customers.columns]]
name = "email"
type = "text"

[tables.orders]
primary_key = ["id"]
[[tables.orders.columns]]
name = "id"
type = "int"
[[tables.orders.columns]]
name = "customer_id"
type = "int"
nullable = false
[[tables.orders.columns]]
name = "total"
type = "int"
[[tables.orders.columns]]
name = "code"
type = "text"
[[tables.orders.columns]]
name = "note"
type = "text"
[[tables.orders.unique]]
name = "orders_code_key"
columns = ["code"]
[[tables.orders.checks]]
name = "orders_total_check"
expression = "total >= 0"
[[tables.orders.foreign_keys]]
name = "orders_customer_fk"
columns = ["customer_id"]
references = { table = "customers" }
[[tables.orders.indexes]]
name = "orders_customer_idx"
columns = ["customer_id"]
[[tables.orders.indexes]]
name = "orders_note_idx"
columns = ["note", "total"]
comment = "Notes, then totals"

[tables.refunds]
primary_key = ["id"]
[[tables.refunds.columns]]
name = "id"
type = "int"
[[tables.refunds.columns]]
name = "order_id"
type = "int"
nullable = false
[[tables.refunds.columns]]
name = "code"
type = "text"
[[tables.refunds.unique]]
name = "refunds_code_key"
columns = ["code"]
[[tables.refunds.checks]]
name = "refunds_id_check"
expression = "id > 0"
[[tables.refunds.foreign_keys]]
name = "refunds_order_fk"
columns = ["order_id"]
references = { table = "orders" }
[[tables.refunds.indexes]]
name = "refunds_order_idx"
columns = ["order_id"]
)toml";

struct Planned {
  Catalog to;
  std::vector<Change> changes;
  Catalog reached;
};

// kOnlineBefore made in `db`, the plan to kOnlineAfter run on it.
Planned plan_and_run(recon::testing::TestDatabase& db, bool online) {
  Planned out;
  const Catalog parsed = recon::testing::parsed(kOnlineAfter);
  auto normalized = recon::testing::normalized_async(parsed);
  recon::testing::run_sql(db.conn(), "app", kOnlineBefore);
  const Catalog from = recon::testing::introspected(db.conn(), "app");
  out.to = normalized.get();
  out.changes = recon::plan::order(recon::diff::diff(from, out.to, {online})).changes;
  recon::plan::run_plan(db.conn(), "app", out.changes);
  out.reached = recon::testing::introspected(db.conn(), "app");
  return out;
}

std::string describe_changes(const std::vector<Change>& changes) {
  std::string out;
  for (const Change& c : changes) {
    out += c.summary + (c.transactional ? "" : "  [alone]") + "\n    " + c.sql + "\n";
    if (!c.lock.empty()) out += "    lock: " + c.lock + "\n";
  }
  return out;
}

// The steps whose SQL contains `text`.
std::vector<const Change*> with_sql(const std::vector<Change>& changes, const std::string& text) {
  std::vector<const Change*> out;
  for (const auto& c : changes)
    if (c.sql.find(text) != std::string::npos) out.push_back(&c);
  return out;
}

std::size_t position(const std::vector<Change>& changes, const std::string& text) {
  for (std::size_t i = 0; i < changes.size(); ++i)
    if (changes[i].sql.find(text) != std::string::npos) return i;
  FAIL("no step with " << text << " in:\n" << describe_changes(changes));
  return 0;
}

// The one step with `text` in its SQL.
const Change& step(const std::vector<Change>& changes, const std::string& text) {
  return changes.at(position(changes, text));
}

void check_converged(const Planned& p) {
  check_same_catalog(p.reached, "reached state", p.to, "declared state");
  const auto again = recon::diff::diff(p.reached, p.to);
  INFO("second diff:\n" << describe_changes(again));
  CHECK(again.empty());
}

}  // namespace

TEST_CASE("an existing table gets the online forms, a new one the plain forms", "[online]") {
  recon::testing::TestDatabase db;
  const Planned p = plan_and_run(db, true);
  const auto& c = p.changes;
  INFO("plan:\n" << describe_changes(c));
  check_converged(p);

  // Indexes: built and dropped concurrently, each alone, saying its lock.
  const auto& build = step(c, "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders");
  CHECK_FALSE(build.transactional);
  CHECK_THAT(build.lock, Catch::StartsWith("SHARE UPDATE EXCLUSIVE on orders for the whole build"));
  const auto& gone = step(c, "DROP INDEX CONCURRENTLY IF EXISTS orders_gone_idx;");
  CHECK_FALSE(gone.transactional);

  // The redefined index: the new one built under another name, then the old one dropped, then
  // the new one renamed (with its comment): never without the index.
  const std::size_t built = position(c,
                                     "CREATE INDEX CONCURRENTLY orders_note_idx_recon_new ON "
                                     "orders (note, total);");
  const std::size_t dropped = position(c, "DROP INDEX CONCURRENTLY IF EXISTS orders_note_idx;");
  const std::size_t renamed =
      position(c, "ALTER INDEX orders_note_idx_recon_new RENAME TO orders_note_idx;");
  CHECK(built < dropped);
  CHECK(dropped < renamed);
  CHECK_THAT(c[renamed].sql, Catch::Contains("COMMENT ON INDEX orders_note_idx"));

  // The unique constraint: its index built concurrently, then taken over.
  const std::size_t unique_index =
      position(c, "CREATE UNIQUE INDEX CONCURRENTLY orders_code_key ON orders (code);");
  const std::size_t unique =
      position(c,
               "ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX "
               "orders_code_key;");
  CHECK(unique_index < unique);
  CHECK_FALSE(c[unique_index].transactional);
  CHECK(c[unique].transactional);
  CHECK_THAT(c[unique].lock, Catch::StartsWith("ACCESS EXCLUSIVE on orders until its transaction "
                                               "commits (no scan: brief)"));

  // The foreign key and the check: NOT VALID, then validated alone.
  for (const std::string name : {"orders_customer_fk", "orders_total_check"}) {
    INFO(name);
    const std::size_t add = position(c, "ADD CONSTRAINT " + name);
    CHECK_THAT(c[add].sql, Catch::EndsWith("NOT VALID;"));
    CHECK(c[add].transactional);
    CHECK(c[add].hazards.empty());
    const std::size_t validate = position(c, "VALIDATE CONSTRAINT " + name + ";");
    CHECK(add < validate);
    CHECK_FALSE(c[validate].transactional);
    CHECK_THAT(c[validate].lock, Catch::StartsWith("SHARE UPDATE EXCLUSIVE on orders"));
    REQUIRE(c[validate].hazards.size() == 1);
    CHECK(c[validate].hazards[0].kind == "validation-scan");
  }
  CHECK_THAT(step(c, "ADD CONSTRAINT orders_customer_fk").lock,
             Catch::StartsWith("SHARE ROW EXCLUSIVE on orders, customers"));

  // NOT NULL: a check NOT VALID, validated alone, then SET NOT NULL (no scan) and the check gone.
  const std::size_t check =
      position(c,
               "ADD CONSTRAINT customer_id_recon_not_null CHECK (customer_id IS NOT NULL) "
               "NOT VALID;");
  const std::size_t validated = position(c, "VALIDATE CONSTRAINT customer_id_recon_not_null;");
  const std::size_t set = position(c, "ALTER COLUMN customer_id SET NOT NULL;");
  CHECK(check < validated);
  CHECK(validated < set);
  CHECK_FALSE(c[validated].transactional);
  CHECK_THAT(c[set].sql, Catch::Contains("DROP CONSTRAINT customer_id_recon_not_null;"));

  // The new table: plain forms, all in the revision's transaction, no lock said.
  for (const auto& change : c) {
    if (change.sql.find("refunds") == std::string::npos) continue;
    INFO(change.summary);
    CHECK(change.transactional);
    CHECK(change.lock.empty());
    CHECK(change.sql.find("CONCURRENTLY") == std::string::npos);
    CHECK(change.sql.find("NOT VALID") == std::string::npos);
    CHECK(change.sql.find("VALIDATE") == std::string::npos);
  }
  CHECK_FALSE(with_sql(c, "CREATE INDEX refunds_order_idx ON refunds (order_id);").empty());
}

TEST_CASE("online = false: the blocking forms, each saying how long it blocks", "[online]") {
  recon::testing::TestDatabase db;
  const Planned p = plan_and_run(db, false);
  const auto& c = p.changes;
  INFO("plan:\n" << describe_changes(c));
  check_converged(p);
  for (const auto& change : c) {
    INFO(change.summary);
    CHECK(change.transactional);
    CHECK(change.sql.find("CONCURRENTLY") == std::string::npos);
    CHECK(change.sql.find("NOT VALID") == std::string::npos);
  }
  CHECK_THAT(step(c, "CREATE INDEX orders_customer_idx ON orders").lock,
             Catch::StartsWith("SHARE on orders for the whole build"));
  CHECK_THAT(step(c, "ADD CONSTRAINT orders_total_check").lock,
             Catch::StartsWith("ACCESS EXCLUSIVE on orders for the whole scan"));
  CHECK_THAT(step(c, "ADD CONSTRAINT orders_code_key UNIQUE (code)").lock,
             Catch::StartsWith("ACCESS EXCLUSIVE on orders for the whole index build"));
  CHECK_THAT(step(c, "ALTER COLUMN customer_id SET NOT NULL").lock,
             Catch::StartsWith("ACCESS EXCLUSIVE on orders for the whole scan"));
}

TEST_CASE("online: a replaced unique constraint and a new primary key on a nullable column",
          "[online]") {
  recon::testing::TestDatabase db;
  recon::testing::run_sql(db.conn(), "app", R"sql(
CREATE TABLE t (id int, a int, b int, CONSTRAINT t_ab_key UNIQUE (a));
INSERT INTO t SELECT g, g, g FROM generate_series(1, 100) g;
)sql");
  const Catalog from = recon::testing::introspected(db.conn(), "app");
  const Catalog to = recon::testing::declared(R"toml(
schema = "app"
[tables.t]
primary_key = ["id"]
[[tables.t.columns]]
name = "id"
type = "int"
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.columns]]
name = "b"
type = "int"
[[tables.t.unique]]
name = "t_ab_key"
columns = ["a", "b"]
)toml");
  const auto c = recon::plan::order(recon::diff::diff(from, to)).changes;
  INFO("plan:\n" << describe_changes(c));
  recon::plan::run_plan(db.conn(), "app", c);
  const Catalog reached = recon::testing::introspected(db.conn(), "app");
  check_same_catalog(reached, "reached state", to, "declared state");
  CHECK(recon::diff::diff(reached, to).empty());
  // The new unique index is built under another name before the old constraint goes.
  const std::size_t build =
      position(c, "CREATE UNIQUE INDEX CONCURRENTLY t_ab_key_recon_new ON t (a, b);");
  const std::size_t drop = position(c, "DROP CONSTRAINT t_ab_key;");
  const std::size_t add =
      position(c, "ADD CONSTRAINT t_ab_key UNIQUE USING INDEX t_ab_key_recon_new;");
  CHECK(build < drop);
  CHECK(drop < add);
  // The primary key's column is made NOT NULL through the check before the key takes the index.
  CHECK(position(c, "VALIDATE CONSTRAINT id_recon_not_null;") <
        position(c, "ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;"));
}

TEST_CASE("online: a NOT VALID constraint made valid is validated alone", "[online]") {
  recon::testing::TestDatabase db;
  recon::testing::run_sql(db.conn(), "app", R"sql(
CREATE TABLE t (a int);
ALTER TABLE t ADD CONSTRAINT t_a_check CHECK (a > 0) NOT VALID;
)sql");
  const Catalog from = recon::testing::introspected(db.conn(), "app");
  const Catalog to = recon::testing::declared(R"toml(
schema = "app"
[tables.t]
[[tables.t.columns]]
name = "a"
type = "int"
[[tables.t.checks]]
name = "t_a_check"
expression = "a > 0"
)toml");
  for (const bool online : {true, false}) {
    const auto c = recon::diff::diff(from, to, {online});
    REQUIRE(c.size() == 1);
    CHECK(c[0].sql == "ALTER TABLE t VALIDATE CONSTRAINT t_a_check;");
    CHECK(c[0].transactional == !online);
    CHECK_FALSE(c[0].lock.empty());
  }
}
