// Finding the PostgreSQL server programs: the user's RECON_PG_BINDIR wins, the first candidate
// holding both programs is chosen, and when none does the error says what was searched and how
// to fix it.

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pg/binaries.hpp"
#include "pg/cluster_error.hpp"
#include "support/files.hpp"
#include "support/scoped_env.hpp"

namespace {

namespace fs = std::filesystem;
using recon::pg::find_bindir;
using recon::testing::ScopedEnv;
using recon::testing::TempDir;

// A directory holding executable files with these names.
fs::path bin_dir_with(const TempDir& root, const std::string& name,
                      const std::vector<std::string>& programs) {
  for (const auto& program : programs) {
    root.write(fs::path(name) / program, "#!/bin/sh\n");
    chmod((root.path / name / program).c_str(), 0755);
  }
  fs::create_directories(root.path / name);
  return root.path / name;
}

}  // namespace

TEST_CASE("find_bindir takes the first candidate that holds postgres and initdb",
          "[pg][binaries]") {
  ScopedEnv unset("RECON_PG_BINDIR", std::nullopt);
  TempDir root;
  const fs::path empty = bin_dir_with(root, "empty", {});
  const fs::path half = bin_dir_with(root, "half", {"postgres"});
  const fs::path full = bin_dir_with(root, "full", {"postgres", "initdb"});
  const fs::path other = bin_dir_with(root, "other", {"postgres", "initdb"});
  CHECK(find_bindir({empty, half, full, other}) == full);

  SECTION("a program that is not executable does not count") {
    chmod((full / "initdb").c_str(), 0644);
    CHECK(find_bindir({full, other}) == other);
  }
}

TEST_CASE("find_bindir names what it searched and how to fix it", "[pg][binaries]") {
  ScopedEnv unset("RECON_PG_BINDIR", std::nullopt);
  CHECK_THROWS_WITH(
      find_bindir({"/nonexistent/recon/bin"}),
      Catch::Contains("/nonexistent/recon/bin") && Catch::Contains("$RECON_PG_BINDIR (not set)") &&
          Catch::Contains("apt-get install postgresql-15") && Catch::Contains("--dev-url URL"));
}

TEST_CASE("RECON_PG_BINDIR wins over the candidates, and a wrong one is reported as such",
          "[pg][binaries]") {
  TempDir root;
  const fs::path chosen = bin_dir_with(root, "chosen", {"postgres", "initdb"});
  const fs::path candidate = bin_dir_with(root, "candidate", {"postgres", "initdb"});
  {
    ScopedEnv set("RECON_PG_BINDIR", chosen.string());
    CHECK(find_bindir({candidate}) == chosen);
  }
  const fs::path wrong = bin_dir_with(root, "wrong", {"initdb"});
  ScopedEnv set("RECON_PG_BINDIR", wrong.string());
  CHECK_THROWS_AS(find_bindir({candidate}), recon::pg::ClusterError);
  CHECK_THROWS_WITH(
      find_bindir({candidate}),
      Catch::Contains("RECON_PG_BINDIR=" + wrong.string()) && Catch::Contains("--dev-url URL"));
}

TEST_CASE("version directory names are read as numbers", "[pg][binaries]") {
  using recon::pg::parse_version_name;
  using Version = std::optional<std::vector<int>>;
  CHECK(parse_version_name("15") == Version{{15}});
  CHECK(parse_version_name("9.6") == Version{{9, 6}});
  CHECK(parse_version_name("16.2.1") == Version{{16, 2, 1}});
  CHECK(parse_version_name("") == std::nullopt);
  CHECK(parse_version_name("15.") == std::nullopt);
  CHECK(parse_version_name(".15") == std::nullopt);
  CHECK(parse_version_name("15beta") == std::nullopt);
  CHECK(parse_version_name("current") == std::nullopt);
  CHECK(parse_version_name("1234567") == std::nullopt);  // not a version: too many digits
}
