// The stale-directory sweep removes the cluster directories of owners proven gone, and nothing
// else: not a live owner's, not one without an owner record, not a directory of another name.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "pg/cluster_owner.hpp"
#include "pg/stale_sweep.hpp"
#include "support/files.hpp"

namespace {

namespace fs = std::filesystem;
using recon::pg::ClusterOwner;
using recon::testing::TempDir;

// An owner of another boot: certainly gone, whatever its pid.
ClusterOwner owner_of_another_boot() {
  ClusterOwner owner = recon::pg::current_owner();
  owner.pid = 1;
  owner.boot_id = "00000000-0000-0000-0000-000000000000";
  return owner;
}

// The process that started this test: alive.
ClusterOwner parent_owner() {
  ClusterOwner owner = recon::pg::current_owner();
  owner.pid = getppid();
  owner.start_ticks = recon::pg::process_start_ticks(owner.pid);
  return owner;
}

void make_cluster_dir(const TempDir& root, const std::string& name, const ClusterOwner& owner) {
  root.write(fs::path(name) / "owner.pid", recon::pg::format_owner(owner));
  root.write(fs::path(name) / "data" / "PG_VERSION", "15\n");
}

}  // namespace

TEST_CASE("cluster directory names are the prefix and six letters or digits", "[pg][sweep]") {
  using recon::pg::is_cluster_dir_name;
  CHECK(is_cluster_dir_name("recon-pg-a1B2c3"));
  CHECK_FALSE(is_cluster_dir_name("recon-pg-a1B2c"));
  CHECK_FALSE(is_cluster_dir_name("recon-pg-a1B2c34"));
  CHECK_FALSE(is_cluster_dir_name("recon-pg-a1B2-3"));
  CHECK_FALSE(is_cluster_dir_name("recon-px-a1B2c3"));
  CHECK_FALSE(is_cluster_dir_name(""));
}

TEST_CASE("the sweep removes only the directories of owners proven gone", "[pg][sweep]") {
  TempDir root;
  make_cluster_dir(root, "recon-pg-gone01", owner_of_another_boot());
  make_cluster_dir(root, "recon-pg-live01", parent_owner());
  make_cluster_dir(root, "recon-pg-self01", recon::pg::current_owner());
  make_cluster_dir(root, "other-dir-gone", owner_of_another_boot());
  make_cluster_dir(root, "recon-pg-toolong", owner_of_another_boot());
  root.write("recon-pg-noown1/data/PG_VERSION", "15\n");  // being created: no record yet
  root.write("recon-pg-file01",
             recon::pg::format_owner(owner_of_another_boot()));  // not a directory

  CHECK(recon::pg::sweep_stale_clusters(root.path) == 1);
  CHECK_FALSE(fs::exists(root.path / "recon-pg-gone01"));
  CHECK(fs::exists(root.path / "recon-pg-live01" / "owner.pid"));
  CHECK(fs::exists(root.path / "recon-pg-self01" / "owner.pid"));
  CHECK(fs::exists(root.path / "other-dir-gone" / "owner.pid"));
  CHECK(fs::exists(root.path / "recon-pg-toolong" / "owner.pid"));
  CHECK(fs::exists(root.path / "recon-pg-noown1" / "data"));
  CHECK(fs::exists(root.path / "recon-pg-file01"));
  CHECK(recon::pg::sweep_stale_clusters(root.path) == 0);
}

TEST_CASE("the sweep of a missing directory removes nothing", "[pg][sweep]") {
  CHECK(recon::pg::sweep_stale_clusters("/nonexistent/recon/tmp") == 0);
}
