// Planning from the snapshot of the last revision's state (plan/snapshot.*, plan/part.*,
// plan/normalize_cache.cpp) must never change what is planned: every revision is compared
// byte for byte with the one the full replay makes, and applied to a real database, where
// apply checks the target fingerprint.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/apply_fixture.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using recon::testing::read_text;
using recon::testing::run_recon;

namespace {

struct Workspace {
  fs::path root;
  explicit Workspace(const std::string& label) {
    root =
        fs::temp_directory_path() / ("recon-snapshot-" + label + "-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "schemas");
  }
  ~Workspace() { fs::remove_all(root); }
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
  Workspace fast("fast"), replayed("replayed");
  recon::testing::TestDatabase db;
  int checked_in_part = 0;
  for (std::size_t i = 0; i < steps().size(); ++i) {
    INFO("declaration " << i + 1);
    fast.declare(steps()[i]);
    replayed.declare(steps()[i]);
    fs::remove_all(replayed.root / ".recon");
    ::setenv("RECON_TRACE", "1", 1);
    const auto a = fast.plan();
    ::unsetenv("RECON_TRACE");
    INFO(a.err);
    REQUIRE(a.exit_code == 0);
    if (i > 0) CHECK(a.err.find("shop: starts from the snapshot of revision") != std::string::npos);
    if (a.err.find("plan checked on the tables it touches") != std::string::npos) ++checked_in_part;
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
  CHECK(checked_in_part >= 4);
  CHECK(fs::exists(fast.root / ".recon" / ".gitignore"));
}

TEST_CASE("plan starts from the snapshot instead of replaying, and only when it is intact",
          "[plan][snapshot]") {
  Workspace ws("trace");
  ws.declare(steps()[0]);
  REQUIRE(ws.plan().exit_code == 0);
  ws.declare(steps()[1]);
  ::setenv("RECON_TRACE", "1", 1);
  const auto traced = ws.plan();
  INFO(traced.err);
  REQUIRE(traced.exit_code == 0);
  CHECK(traced.err.find("shop: starts from the snapshot of revision 1") != std::string::npos);
  CHECK(traced.err.find("normalize: 2 of 3 tables changed") == std::string::npos);
  CHECK(traced.err.find("normalize: 1 of 3 tables changed") != std::string::npos);
  CHECK(traced.err.find("shop: plan checked on the tables it touches") != std::string::npos);
  CHECK(traced.err.find("replayed") == std::string::npos);
  const std::string second = read_text(ws.last_revision());

  // Planned again without that revision: the cache's base is now the snapshot of the state
  // the deleted revision reached, read from its file; nothing needs normalizing again.
  fs::remove(ws.last_revision());
  const auto replanned = ws.plan();
  INFO(replanned.err);
  REQUIRE(replanned.exit_code == 0);
  CHECK(replanned.err.find("normalize: 0 of 3 tables changed") != std::string::npos);
  CHECK(read_text(ws.last_revision()) == second);

  // A snapshot edited by hand (or cut short) is not trusted: the chain is replayed.
  for (const auto& e : fs::directory_iterator(ws.root / ".recon" / "snapshots")) {
    std::string text = read_text(e.path());
    const auto at = text.find("customer_id");
    if (at != std::string::npos) text.replace(at, 11, "customer_ix");
    std::ofstream(e.path(), std::ios::trunc) << text;
  }
  fs::remove(ws.last_revision());
  const auto again = ws.plan();
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  ::unsetenv("RECON_TRACE");
  CHECK(again.err.find("shop: replayed 1 revisions") != std::string::npos);
  CHECK(read_text(ws.last_revision()) == second);

  // The replay wrote the snapshot anew: the next plan starts from it again.
  fs::remove(ws.last_revision());
  ::setenv("RECON_TRACE", "1", 1);
  const auto healed = ws.plan();
  ::unsetenv("RECON_TRACE");
  CHECK(healed.err.find("shop: starts from the snapshot of revision 1") != std::string::npos);
  CHECK(read_text(ws.last_revision()) == second);
}
