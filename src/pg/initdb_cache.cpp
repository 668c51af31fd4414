#include "pg/initdb_cache.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>

#include "pg/environment.hpp"

namespace recon::pg {
namespace fs = std::filesystem;

namespace {

void remove_quietly(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

void chown_tree(const fs::path& root, Owner owner) {
  const auto own = [&](const fs::path& p) {
    if (lchown(p.c_str(), owner.uid, owner.gid) != 0)
      throw fs::filesystem_error("chown", p, std::error_code(errno, std::generic_category()));
  };
  own(root);
  for (const auto& entry : fs::recursive_directory_iterator(root)) own(entry.path());
}

}  // namespace

fs::path default_initdb_cache() {
  if (const auto dir = environment_value("RECON_INITDB_CACHE"))
    return *dir == "off" ? fs::path() : fs::path(*dir);
  if (const auto xdg = environment_value("XDG_CACHE_HOME"))
    return fs::path(*xdg) / "recon" / "initdb";
  if (const auto home = environment_value("HOME"))
    return fs::path(*home) / ".cache" / "recon" / "initdb";
  return {};
}

std::string initdb_key(const fs::path& bindir, const std::vector<std::string>& args) {
  std::string identity = bindir.string();
  struct stat st {};
  if (stat((bindir / "postgres").c_str(), &st) == 0)
    identity += fmt::format("|{}|{}.{}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  for (const auto& a : args) identity += "|" + a;
  return fmt::format("{:016x}", std::hash<std::string>{}(identity));
}

bool restore_initialized(const fs::path& cache, const std::string& key, const fs::path& data_dir,
                         std::optional<Owner> owner) {
  const fs::path kept = cache / key;
  std::error_code ec;
  if (!fs::exists(kept / "PG_VERSION", ec)) return false;
  try {
    fs::copy(kept, data_dir, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    if (owner) chown_tree(data_dir, *owner);
    return true;
  } catch (const std::exception&) {
    remove_quietly(data_dir);
    return false;
  }
}

void keep_initialized(const fs::path& cache, const std::string& key, const fs::path& data_dir) {
  std::error_code ec;
  if (fs::exists(cache / key, ec)) return;
  const fs::path temporary = cache / fmt::format(".{}.tmp{}", key, getpid());
  try {
    fs::create_directories(cache);
    fs::copy(data_dir, temporary, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    fs::rename(temporary, cache / key);  // fails if another process kept one meanwhile: fine
  } catch (const std::exception&) {
  }
  remove_quietly(temporary);
}

void forget_initialized(const fs::path& cache, const std::string& key) {
  remove_quietly(cache / key);
}

}  // namespace recon::pg
