// Planning from the snapshot of the last revision's state (plan/snapshot.*, plan/part.*,
// plan/normalize_cache.cpp) must never change what is planned: every revision is compared
// byte for byte with the one the full replay makes, and applied to a real database, where
// apply checks the target fingerprint.
//
// Whether the dev server saw the chain replayed is observed on the server itself: each chain
// starts with a revision that fails when it runs in a scratch database of the dev server while
// a "poison" role exists (and does nothing anywhere else, or without the role).
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <pqxx/pqxx>

#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using recon::testing::make_step;
using recon::testing::read_text;
using recon::testing::run_recon;

namespace {

const std::string kReplayed = "the dev server replayed revision 1";

std::string poison_role() {
  return "recon_poison_" + std::to_string(::getpid());
}

// While it exists, a replay of the chain on the dev server fails with kReplayed.
class Poison {
 public:
  Poison() { admin("CREATE ROLE " + poison_role()); }
  ~Poison() {
    try {
      admin("DROP ROLE IF EXISTS " + poison_role());
    } catch (...) {
    }
  }
  Poison(const Poison&) = delete;
  Poison& operator=(const Poison&) = delete;

 private:
  static void admin(const std::string& sql) {
    pqxx::connection conn(recon::testing::server_url());
    pqxx::nontransaction(conn).exec(sql);
  }
};

struct SnapshotWorkspace {
  recon::testing::TempWorkspace temp;
  const fs::path& root = temp.root();

  // Revision 1: the schema, and the step that tells a replay on the dev server.
  SnapshotWorkspace() {
    recon::testing::ChainBuilder chain(temp, "shop", "shop");
    chain.add("poisoned",
              {make_step("+ schema shop", "CREATE SCHEMA IF NOT EXISTS shop;"),
               make_step("~ tell a replay",
                         "DO $$ BEGIN IF current_database() LIKE 'recon_scratch%' AND EXISTS "
                         "(SELECT FROM pg_roles WHERE rolname = '" +
                             poison_role() + "') THEN RAISE EXCEPTION '" + kReplayed +
                             "'; END IF; END $$;")});
  }
  void declare(const std::string& toml) const {
    std::ofstream(root / "schemas" / "shop.toml", std::ios::trunc) << toml;
  }
  fs::path last_revision() const {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(root / "plans" / "shop")) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out.back();
  }
  recon::testing::ProcessResult plan() const {
    return run_recon(
        {"plan", "--root", root.string(), "--dev-url", recon::testing::server_url(), "--no-color"});
  }
};

// .recon/snapshots/<hex>.snapshot of the state `revision` reaches (its "-- target:" line).
fs::path snapshot_of(const fs::path& revision) {
  const std::string text = read_text(revision);
  const std::string label = "-- target: sha256:";
  const auto at = text.find(label);
  REQUIRE(at != std::string::npos);
  const std::string hex = text.substr(at + label.size(), 64);
  return revision.parent_path().parent_path().parent_path() / ".recon" / "snapshots" /
         (hex + ".snapshot");
}

bool saw_replay(const recon::testing::ProcessResult& result) {
  return result.exit_code != 0 && result.err.find(kReplayed) != std::string::npos;
}

const std::string kTables = R"toml(
schema = "shop"

[enums.state]
values = ["new", "paid"]

[tables.customers]
primary_key = ["id"]
[[tables.customers.columns]]
name = "id"
type = "int"
identity = "always"
[[tables.customers.columns]]
name = "email"
type = "text"
nullable = false
unique = true

[tables.products]
primary_key = ["id"]
[[tables.products.columns]]
name = "id"
type = "int"
[[tables.products.columns]]
name = "price"
type = "numeric(8,2)"

[tables.orders]
primary_key = ["id"]
[[tables.orders.columns]]
name = "id"
type = "bigint"
identity = "by default"
[[tables.orders.columns]]
name = "customer_id"
type = "int"
nullable = false
[[tables.orders.columns]]
name = "state"
type = "state"
nullable = false
default = "'new'"
[[tables.orders.foreign_keys]]
columns = ["customer_id"]
references = { table = "customers" }
)toml";

const std::string kView = R"toml(
[views.cheap_products]
query = "SELECT id FROM products WHERE price < 10"
)toml";

const std::string kNote = R"toml(
[[tables.orders.columns]]
name = "note"
type = "varchar(200)"
[[tables.orders.indexes]]
columns = ["note"]
)toml";

const std::string kInvoices = R"toml(
[tables.invoices]
primary_key = ["id"]
comment = "One per paid order"
[[tables.invoices.columns]]
name = "id"
type = "int"
[[tables.invoices.columns]]
name = "order_id"
type = "bigint"
nullable = false
unique = true
[[tables.invoices.columns]]
name = "product_id"
type = "int"
[[tables.invoices.foreign_keys]]
columns = ["order_id"]
references = { table = "orders" }
[[tables.invoices.foreign_keys]]
columns = ["product_id"]
references = { table = "products" }
[[tables.invoices.checks]]
expression = "id > 0"
)toml";

std::string with_bigint_customers(std::string toml) {
  const std::string from = "name = \"id\"\ntype = \"int\"\nidentity = \"always\"";
  toml.replace(toml.find(from), from.size(),
               "name = \"id\"\ntype = \"bigint\"\nidentity = \"always\"");
  return toml;
}

// The products table and what refers to it, gone.
std::string without_products(std::string toml) {
  for (const std::string piece :
       {"\n[[tables.invoices.columns]]\nname = \"product_id\"\ntype = \"int\"",
        "\n[[tables.invoices.foreign_keys]]\ncolumns = [\"product_id\"]\nreferences = { table = "
        "\"products\" }",
        "\n[tables.products]\nprimary_key = [\"id\"]\n[[tables.products.columns]]\nname = "
        "\"id\"\ntype = \"int\"\n[[tables.products.columns]]\nname = \"price\"\ntype = "
        "\"numeric(8,2)\""}) {
    const auto at = toml.find(piece);
    REQUIRE(at != std::string::npos);
    toml.erase(at, piece.size());
  }
  return toml;
}

std::string with_paid_state(std::string toml) {
  toml.replace(toml.find("[\"new\", \"paid\"]"), 15, "[\"new\", \"paid\", \"shipped\"]");
  return toml;
}

// Each declaration is planned in both workspaces: `fast` keeps its cache, `replayed` loses it
// before every plan.
const std::vector<std::string>& steps() {
  static const std::vector<std::string> all = {
      kTables + kView,
      kTables + kView + kNote,                               // a column and an index
      with_paid_state(kTables) + kView + kNote + kInvoices,  // a table, an enum value
      with_paid_state(kTables) + kView + kInvoices,          // a column dropped
      with_paid_state(kTables) + kInvoices,                  // the view dropped
      with_paid_state(kTables) + kInvoices + "[enums.kind]\nvalues = [\"a\"]\n",  // a new type
      with_bigint_customers(with_paid_state(kTables)) + kInvoices,  // a referenced key's type
      without_products(with_bigint_customers(with_paid_state(kTables)) + kInvoices),  // drops
  };
  return all;
}

}  // namespace

TEST_CASE("a plan made from the snapshot is the plan a full replay makes, and it applies",
          "[plan][snapshot]") {
  SnapshotWorkspace fast, replayed;
  recon::testing::TestDatabase db;
  int without_replay = 0;
  for (std::size_t i = 0; i < steps().size(); ++i) {
    INFO("declaration " << i + 1);
    fast.declare(steps()[i]);
    replayed.declare(steps()[i]);
    fs::remove_all(replayed.root / ".recon");
    auto a = recon::testing::ProcessResult{};
    if (i > 0) {
      // From the snapshot, checked on the tables it touches: the chain is not replayed.
      Poison poison;
      a = fast.plan();
    }
    if (i > 0 && !saw_replay(a)) ++without_replay;
    if (i == 0 || saw_replay(a)) a = fast.plan();  // a view involved, say: replayed
    INFO(a.err);
    REQUIRE(a.exit_code == 0);
    const auto b = replayed.plan();
    INFO(b.err);
    REQUIRE(b.exit_code == 0);
    CHECK(read_text(fast.last_revision()) == read_text(replayed.last_revision()));
    const auto applied =
        run_recon({"apply", "--root", fast.root.string(), "--db", db.url(), "--dev-url",
                   recon::testing::server_url(), "--allow-hazards", "data-loss"});
    INFO(applied.out << applied.err);
    REQUIRE(applied.exit_code == 0);
  }
  CHECK(without_replay >= 4);
  CHECK(fs::exists(fast.root / ".recon" / ".gitignore"));
}

TEST_CASE("plan starts from the snapshot instead of replaying, and only when it is intact",
          "[plan][snapshot]") {
  SnapshotWorkspace ws;
  ws.declare(steps()[0]);
  REQUIRE(ws.plan().exit_code == 0);
  ws.declare(steps()[1]);
  std::optional<Poison> poison(std::in_place);
  const auto planned = ws.plan();
  INFO(planned.err);
  REQUIRE(planned.exit_code == 0);  // no replay
  const std::string third = read_text(ws.last_revision());

  // Planned again without that revision: the cache's base is now the snapshot of the state
  // the deleted revision reached, read from its file.
  fs::remove(ws.last_revision());
  const auto replanned = ws.plan();
  INFO(replanned.err);
  REQUIRE(replanned.exit_code == 0);
  CHECK(read_text(ws.last_revision()) == third);

  // A snapshot edited by hand (or cut short) is not trusted: the chain is replayed, and the
  // snapshot removed.
  fs::remove(ws.last_revision());
  const fs::path snapshot = snapshot_of(ws.last_revision());
  const std::string intact = read_text(snapshot);
  std::string damaged = intact;
  const auto at = damaged.find("customer_id");
  REQUIRE(at != std::string::npos);
  damaged.replace(at, 11, "customer_ix");
  std::ofstream(snapshot, std::ios::trunc) << damaged;
  const auto refused = ws.plan();
  INFO(refused.err);
  CHECK(saw_replay(refused));
  CHECK_FALSE(fs::exists(snapshot));
  poison.reset();
  const auto again = ws.plan();
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(read_text(ws.last_revision()) == third);

  // The replay wrote the snapshot anew, byte for byte: the next plan starts from it again.
  CHECK(read_text(snapshot) == intact);
  fs::remove(ws.last_revision());
  poison.emplace();
  const auto healed = ws.plan();
  INFO(healed.err);
  CHECK(healed.exit_code == 0);
  CHECK(read_text(ws.last_revision()) == third);
}

// A column typed by another table's row type: the changed table cannot be created without the
// other one, which the fast path (normalizing and checking only the changed tables) does not
// know. The plan must still be the whole schema's, and the fast path's failure said, with its
// reason, rather than swallowed or turned into a false error.
TEST_CASE("when the fast path fails where the whole schema does not, the plan says why",
          "[plan][snapshot]") {
  const std::string row_typed = R"toml(
schema = "shop"

[tables.customers]
primary_key = ["id"]
[[tables.customers.columns]]
name = "id"
type = "int"

[tables.orders]
primary_key = ["id"]
[[tables.orders.columns]]
name = "id"
type = "bigint"
[[tables.orders.columns]]
name = "who"
type = "customers"
)toml";
  const std::string with_note =
      row_typed + "[[tables.orders.columns]]\nname = \"note\"\ntype = \"text\"\n";
  SnapshotWorkspace fast, replayed;
  fast.declare(row_typed);
  replayed.declare(row_typed);
  REQUIRE(fast.plan().exit_code == 0);
  REQUIRE(replayed.plan().exit_code == 0);
  fast.declare(with_note);
  replayed.declare(with_note);
  fs::remove_all(replayed.root / ".recon");
  const auto a = fast.plan();
  INFO(a.err);
  REQUIRE(a.exit_code == 0);
  // Both halves of the fast path fail, each said with the project and Postgres's reason.
  CHECK(a.err.find("warning: shop: normalizing the changed tables alone failed where the whole "
                   "declaration did not (a recon bug") != std::string::npos);
  CHECK(a.err.find("warning: shop: checking the plan on the tables it touches failed where the "
                   "whole schema did not (a recon bug") != std::string::npos);
  CHECK(a.err.find("type \"customers\" does not exist") != std::string::npos);
  const auto b = replayed.plan();
  INFO(b.err);
  REQUIRE(b.exit_code == 0);
  CHECK(b.err.find("warning") == std::string::npos);
  CHECK(read_text(fast.last_revision()) == read_text(replayed.last_revision()));
}

namespace {

// Functions of every kind the fast path must carry: a trigger function, a function a check
// calls, one taking a table's row type, one whose string body reads a table.
const std::string kCode = R"toml(
schema = "shop"

[functions.touch]
returns = "trigger"
language = "plpgsql"
body = "BEGIN NEW.id := NEW.id; RETURN NEW; END"

[functions.positive]
arguments = "n numeric"
returns = "boolean"
body = "SELECT n > 0"
volatility = "immutable"

[functions.greet]
arguments = "c customers"
returns = "text"
body = "SELECT 'hello'"

[functions.customer_count]
returns = "bigint"
body = "SELECT count(*) FROM customers"

[tables.customers]
primary_key = ["id"]
[[tables.customers.columns]]
name = "id"
type = "int"

[tables.products]
primary_key = ["id"]
[[tables.products.columns]]
name = "id"
type = "int"
[[tables.products.columns]]
name = "price"
type = "numeric(8,2)"
[[tables.products.checks]]
expression = "positive(price)"

[tables.orders]
primary_key = ["id"]
[[tables.orders.columns]]
name = "id"
type = "bigint"
[[tables.orders.columns]]
name = "customer_id"
type = "int"
[[tables.orders.foreign_keys]]
columns = ["customer_id"]
references = { table = "customers" }
[tables.orders.triggers.orders_touch]
timing = "before"
events = ["update"]
for_each = "row"
function = "touch"
)toml";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

struct TracedPlan {
  recon::testing::ProcessResult result;
  bool whole_normalized = false;
};

TracedPlan traced_plan(const SnapshotWorkspace& ws) {
  ::setenv("RECON_TRACE", "1", 1);
  TracedPlan out{ws.plan()};
  ::unsetenv("RECON_TRACE");
  out.whole_normalized =
      out.result.err.find("normalize: the whole declaration") != std::string::npos;
  return out;
}

}  // namespace

// Functions and triggers in the schema must not make every plan normalize and check the whole
// declaration (issue 16: planning stays proportional to the change): a table change is planned
// from the cache and checked on the tables it touches, with the functions its checks and
// triggers call. What the cache cannot know falls back to the whole: a changed function, or a
// changed table that a function's body names.
TEST_CASE("functions and triggers keep plans of table changes on the fast path",
          "[plan][snapshot]") {
  struct Edit {
    std::string what;
    std::string toml;
    bool whole_normalized;
    bool replayed;  // checked on the whole chain, not on the tables it touches
  };
  const std::string note = "\n[[tables.products.columns]]\nname = \"note\"\ntype = \"text\"\n";
  const std::string with_note =
      replaced(kCode, "\n[tables.orders]\n", note + "\n[tables.orders]\n");
  const std::string when_changed =
      replaced(with_note, "function = \"touch\"",
               "function = \"touch\"\nwhen = \"OLD.* IS DISTINCT FROM NEW.*\"");
  const std::string body_changed = replaced(when_changed, "count(*) FROM", "count(*) + 0 FROM");
  const std::string customers_changed = replaced(
      body_changed, "\n[tables.products]\n",
      "[[tables.customers.columns]]\nname = \"email\"\ntype = \"text\"\n\n[tables.products]\n");
  const std::vector<Edit> edits = {
      {"a column of a table whose check calls a function", with_note, false, false},
      {"a trigger's condition", when_changed, false, false},
      {"a function's body", body_changed, true, true},
      {"a column of a table a function's body reads", customers_changed, true, false},
  };
  SnapshotWorkspace fast, replayed;
  recon::testing::TestDatabase db;
  for (const auto* ws : {&fast, &replayed}) {
    ws->declare(kCode);
    REQUIRE(ws->plan().exit_code == 0);
  }
  for (const auto& edit : edits) {
    INFO(edit.what);
    fast.declare(edit.toml);
    replayed.declare(edit.toml);
    fs::remove_all(replayed.root / ".recon");
    TracedPlan a;
    {
      Poison poison;
      a = traced_plan(fast);
    }
    INFO(a.result.err);
    CHECK(a.whole_normalized == edit.whole_normalized);
    CHECK(saw_replay(a.result) == edit.replayed);
    if (saw_replay(a.result)) a = traced_plan(fast);
    REQUIRE(a.result.exit_code == 0);
    CHECK(a.result.err.find("warning") == std::string::npos);
    const auto b = replayed.plan();
    INFO(b.err);
    REQUIRE(b.exit_code == 0);
    CHECK(read_text(fast.last_revision()) == read_text(replayed.last_revision()));
  }
  const auto applied = run_recon({"apply", "--root", fast.root.string(), "--db", db.url(),
                                  "--dev-url", recon::testing::server_url()});
  INFO(applied.out << applied.err);
  CHECK(applied.exit_code == 0);
}
