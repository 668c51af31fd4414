// The workspace's local cache (plan/cache.hpp): read-only means nothing written, and entries
// written by another build (another key) are never served.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/fingerprint.hpp"
#include "plan/cache.hpp"
#include "plan/snapshot.hpp"
#include "recon_build_id.hpp"
#include "support/files.hpp"
#include "support/source_root.hpp"

using namespace recon;
using namespace recon::testing;
using recon::plan::Cache;
namespace fs = std::filesystem;

namespace {

Catalog small_catalog() {
  Catalog c;
  c.schema = "app";
  Table t;
  t.name = "todos";
  Column id;
  id.name = "id";
  id.type = "bigint";
  t.columns = {id};
  c.tables["todos"] = t;
  return c;
}

std::size_t files_under(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

}  // namespace

TEST_CASE("a read-only cache creates, writes and removes nothing", "[cache]") {
  TempDir ws;
  const Catalog catalog = small_catalog();
  const auto target = fingerprint(catalog);
  const Cache reading(ws.path, Cache::Access::read_only);
  plan::save_snapshot(reading, catalog, target);
  reading.write("normalized/app.json", "{}");
  CHECK_FALSE(fs::exists(ws.path / ".recon"));

  const Cache writing(ws.path, Cache::Access::writable);
  plan::save_snapshot(writing, catalog, target);
  CHECK(fs::exists(ws.path / ".recon" / ".gitignore"));
  REQUIRE(plan::load_snapshot(reading, target));
  CHECK(files_under(ws.path) == 2);

  // A damaged snapshot is a miss; the read-only cache leaves it where it is.
  fs::path file;
  for (const auto& e : fs::directory_iterator(ws.path / ".recon" / "snapshots")) file = e.path();
  std::ofstream(file, std::ios::app) << "damage";
  const std::string damaged = read_text(file);
  CHECK_FALSE(plan::load_snapshot(reading, target));
  CHECK(read_text(file) == damaged);
  CHECK_FALSE(plan::load_snapshot(writing, target));
  CHECK_FALSE(fs::exists(file));  // removed, so that the next replay writes it anew
}

TEST_CASE("what one build cached is a miss for another", "[cache]") {
  TempDir ws;
  const Catalog catalog = small_catalog();
  const auto target = fingerprint(catalog);
  const Cache old_build(ws.path, Cache::Access::writable, "format 2 build 0000000000000000");
  const Cache new_build(ws.path, Cache::Access::writable, "format 2 build 1111111111111111");
  plan::save_snapshot(old_build, catalog, target);
  REQUIRE(plan::load_snapshot(old_build, target));
  CHECK_FALSE(plan::load_snapshot(new_build, target));
  plan::save_snapshot(new_build, catalog, target);  // replaces the other build's
  CHECK(plan::load_snapshot(new_build, target));
  CHECK_FALSE(plan::load_snapshot(old_build, target));
}

// The key is the build's: scripts/build_id.py's digest of the sources this binary was built
// from. Were meson not to run it again after a change, this fails (and a rebuilt recon could
// be served what older code computed).
TEST_CASE("the cache key names the sources of this build", "[cache]") {
  TempDir out;
  const fs::path root = recon::testing::source_root();
  const fs::path header = out.path / "id.hpp";
  const std::string command = "python3 '" + (root / "scripts" / "build_id.py").string() + "' '" +
                              root.string() + "' '" + header.string() + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  CHECK(read_text(header).find(std::string("\"") + RECON_BUILD_ID + "\"") != std::string::npos);
  CHECK(plan::cache_key() ==
        "format " + std::to_string(plan::cache_format) + " build " + RECON_BUILD_ID);
}
