// Passwords in connection URLs never appear in recon's output, errors, revision files or the
// JSON it prints: every command, on success and on its error paths, with the password given in
// each of the ways libpq takes one (URL user info, URL parameter, key=value, environment).

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <pqxx/pqxx>

#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/files.hpp"
#include "support/test_database.hpp"

using namespace recon;
using namespace recon::testing;
namespace fs = std::filesystem;

namespace {

const std::string kSecret = "Sup3r-S3cret-pw";

// The shared cluster trusts its socket, so any password connects: what matters is only where
// the text goes. `form` is how the password is written.
std::string with_password(const std::string& url, const std::string& form) {
  if (form == "parameter") return url + "&password=" + kSecret;
  if (form == "userinfo") {
    // postgresql:///db?...&user=postgres  ->  postgresql://postgres:SECRET@/db?...
    REQUIRE(url.rfind("postgresql:///", 0) == 0);
    return "postgresql://postgres:" + kSecret + "@/" + url.substr(14);
  }
  // key=value, from the URL's parts.
  const auto query = url.find('?');
  const std::string dbname = url.substr(14, query - 14);
  std::string host, port;
  for (const auto& [key, out] : {std::pair<std::string, std::string*>{"host=", &host},
                                 std::pair<std::string, std::string*>{"port=", &port}}) {
    const auto at = url.find(key, query);
    REQUIRE(at != std::string::npos);
    *out = url.substr(at + key.size(), url.find('&', at) - at - key.size());
  }
  std::string decoded;  // the host is a percent-encoded directory
  for (std::size_t i = 0; i < host.size(); ++i) {
    if (host[i] == '%' && i + 2 < host.size()) {
      decoded += static_cast<char>(std::stoi(host.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      decoded += host[i];
    }
  }
  return "host=" + decoded + " port=" + port + " dbname=" + dbname +
         " user=postgres password=" + kSecret;
}

std::string all_files(const fs::path& root) {
  std::string text;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) text += read_text(e.path());
  return text;
}

const char* kDeclaration = R"toml(
[tables.items]
primary_key = ["id"]
[[tables.items.columns]]
name = "id"
type = "int"
)toml";

}  // namespace

TEST_CASE("passwords never appear in output, errors or revision files",
          "[hostile][secrets][throwaway-cluster]") {
  // This relies on the throwaway cluster trusting its socket (any password, or none, connects):
  // against the server of RECON_TEST_DATABASE_URL it fails (deselect it: ~[throwaway-cluster]).
  REQUIRE(shared_cluster() != nullptr);
  // One workspace for all forms: planned with the first, applied to a new database by each.
  TempWorkspace ws;
  write_file(ws.root() / "schemas" / "secretive.toml", kDeclaration);
  for (const std::string form : {"parameter", "userinfo", "keyvalue"}) {
    INFO("password given as: " << form);
    TestDatabase db;
    const std::string target = with_password(db.url(), form);
    const std::string dev = with_password(server_url(), form);
    const std::string missing_db = with_password(server_url("recon_no_such_db"), form);
    const std::string unreachable =
        "postgresql://someone:" + kSecret + "@127.0.0.1:1/nowhere?connect_timeout=2";
    const std::vector<std::string> root = {"--root", ws.root().string(), "--no-color"};
    const auto with = [&](std::vector<std::string> tail) {
      std::vector<std::string> args = root;
      args.insert(args.end(), tail.begin(), tail.end());
      return args;
    };
    // The commands that plan on the dev server are slow (scratch databases): with the first
    // form only; every form goes through connecting, where URLs end up in messages.
    const bool first_form = form == "parameter";
    struct Run {
      std::vector<std::string> args;
      int exit;
      bool every_form = true;
    };
    const std::vector<Run> runs = {
        {with({"--dev-url", dev, "plan"}), 0, false},
        // Refused: the database has not applied revision 1, so its schema cannot be taken in.
        {with({"--dev-url", dev, "--db", target, "plan", "--check"}), exit_code::refused, false},
        {with({"--dev-url", dev, "--format", "json", "plan", "--check"}), 0, false},
        {with({"--dev-url", dev, "graph", "secretive"}), 0, false},
        {with({"--db", target, "apply", "--dry-run"}), 0},
        {with({"--db", target, "apply"}), 0},
        // status also plans, to show unplanned changes: on the dev server.
        {with({"--dev-url", dev, "--db", target, "status"}), 0, false},
        {with({"--dev-url", dev, "--db", target, "--format", "json", "status"}), 0, false},
        {with({"--db", target, "history", "secretive"}), 0},
        {with({"--db", target, "inspect", "--schema", "secretive"}), 0},
        {with({"--db", target, "verify"}), 0},
        // Error paths: the server's message, recon's own, and a URL that does not parse.
        {with({"--db", target, "inspect", "--schema", "nope"}), exit_code::invalid_input},
        {with({"--db", missing_db, "apply"}), exit_code::error},
        {with({"--dev-url", dev, "--db", missing_db, "status"}), exit_code::error},
        {with({"--db", missing_db, "inspect", "--schema", "x"}), exit_code::error},
        {with({"--db", unreachable, "history", "secretive"}), exit_code::error},
        {with({"--dev-url", missing_db, "plan", "--check"}), exit_code::error},
        {with({"--dev-url", dev, "--db", target + (form == "keyvalue" ? " bogus=1" : "&bogus=1"),
               "status"}),
         exit_code::error},
    };
    for (const auto& run : runs) {
      if (!run.every_form && !first_form) continue;
      std::string command;
      for (const auto& a : run.args) command += a + " ";
      INFO(command);
      const auto result = run_recon(run.args);
      INFO(result.err);
      CHECK(result.exit_code == run.exit);
      CHECK(result.out.find(kSecret) == std::string::npos);
      CHECK(result.err.find(kSecret) == std::string::npos);
    }
    if (!first_form) continue;
    // Drift: its message names the database too.
    {
      pqxx::work txn(db.conn());
      txn.exec("CREATE TABLE secretive.extra (x int)");
      txn.commit();
    }
    write_file(
        ws.root() / "schemas" / "secretive.toml",
        std::string(kDeclaration) + "[[tables.items.columns]]\nname = \"b\"\ntype = \"int\"\n");
    CHECK(run_recon(with({"--dev-url", dev, "plan"})).exit_code == 0);
    const auto drifted = run_recon(with({"--db", target, "apply"}));
    CHECK(drifted.exit_code == exit_code::refused);
    CHECK(drifted.err.find(kSecret) == std::string::npos);
    CHECK(drifted.out.find(kSecret) == std::string::npos);
    CHECK(all_files(ws.root()).find(kSecret) == std::string::npos);
  }

  // From the environment: RECON_DATABASE_URL, DATABASE_URL and PGPASSWORD.
  for (const auto& variable : {"RECON_DATABASE_URL", "DATABASE_URL"}) {
    INFO(variable);
    ::setenv(variable, with_password(server_url("recon_no_such_db"), "userinfo").c_str(), 1);
    const auto result =
        run_recon({"--root", ws.root().string(), "--dev-url", server_url(), "status"});
    ::unsetenv(variable);
    CHECK(result.exit_code == exit_code::error);
    CHECK_FALSE(result.err.empty());
    CHECK(result.err.find(kSecret) == std::string::npos);
    CHECK(result.out.find(kSecret) == std::string::npos);
  }
  ::setenv("PGPASSWORD", kSecret.c_str(), 1);
  const auto result = run_recon({"--root", ws.root().string(), "--dev-url", server_url(), "--db",
                                 server_url("recon_no_such_db"), "status"});
  ::unsetenv("PGPASSWORD");
  CHECK(result.exit_code == exit_code::error);
  CHECK(result.err.find(kSecret) == std::string::npos);
}
