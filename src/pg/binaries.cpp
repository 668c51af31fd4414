#include "pg/binaries.hpp"

#include <unistd.h>
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "pg/cluster_error.hpp"

namespace recon::pg {

namespace fs = std::filesystem;

namespace {

bool is_executable_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && access(p.c_str(), X_OK) == 0;
}

bool has_server_binaries(const fs::path& dir) {
  return is_executable_file(dir / "postgres") && is_executable_file(dir / "initdb");
}

std::optional<std::string> run_pg_config_bindir() {
  FILE* pipe = popen("pg_config --bindir 2>/dev/null", "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe) != nullptr) out += buf.data();
  int status = pclose(pipe);
  if (status != 0) return std::nullopt;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (out.empty()) return std::nullopt;
  return out;
}

[[noreturn]] void throw_bad_env_bindir(const char* env) {
  throw ClusterError(fmt::format(
      "RECON_PG_BINDIR={} does not contain the PostgreSQL server programs `postgres` and "
      "`initdb`.\n"
      "Fix: point RECON_PG_BINDIR at the directory that holds them (for example "
      "/usr/lib/postgresql/15/bin), or unset it to search the usual places; install the server "
      "with `apt-get install postgresql-15` if it is missing,\n"
      "or pass --dev-url URL to use a PostgreSQL server you already run.",
      env));
}

[[noreturn]] void throw_not_found(const std::vector<std::string>& searched) {
  std::string list;
  for (const auto& s : searched) list += "  - " + s + "\n";
  throw ClusterError(fmt::format(
      "recon starts a scratch PostgreSQL server to plan against, but could not find the server "
      "programs `postgres` and `initdb`.\n"
      "Searched:\n{}"
      "Fix: install the server with `apt-get install postgresql-15` (or set RECON_PG_BINDIR to "
      "the directory that holds postgres and initdb),\n"
      "or pass --dev-url URL to use a PostgreSQL server you already run.",
      list));
}

std::optional<fs::path> from_pg_config(std::vector<std::string>& searched) {
  auto dir = run_pg_config_bindir();
  if (!dir) {
    searched.emplace_back("`pg_config --bindir` (no pg_config on PATH)");
    return std::nullopt;
  }
  if (has_server_binaries(*dir)) return fs::path(*dir);
  searched.push_back(fmt::format("`pg_config --bindir` ({}: no postgres and initdb there)", *dir));
  return std::nullopt;
}

// The newest /usr/lib/postgresql/<version>/bin that holds the programs.
std::optional<fs::path> from_usr_lib(std::vector<std::string>& searched) {
  std::vector<std::pair<std::vector<int>, fs::path>> versions;
  std::error_code ec;
  for (fs::directory_iterator it("/usr/lib/postgresql", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (auto v = parse_version_name(it->path().filename().string())) {
      versions.emplace_back(*v, it->path() / "bin");
    }
  }
  std::sort(versions.begin(), versions.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [version, dir] : versions) {
    if (has_server_binaries(dir)) return dir;
  }
  searched.emplace_back(versions.empty()
                            ? "/usr/lib/postgresql/*/bin (no such directory)"
                            : "/usr/lib/postgresql/*/bin (none holds postgres and initdb)");
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<int>> parse_version_name(const std::string& name) {
  std::vector<int> parts;
  std::size_t i = 0;
  while (i < name.size()) {
    std::size_t j = i;
    int value = 0;
    while (j < name.size() && name[j] >= '0' && name[j] <= '9' && j - i < 6) {
      value = value * 10 + (name[j] - '0');
      ++j;
    }
    if (j == i) return std::nullopt;
    parts.push_back(value);
    if (j == name.size()) break;
    if (name[j] != '.') return std::nullopt;
    i = j + 1;
    if (i == name.size()) return std::nullopt;
  }
  if (parts.empty()) return std::nullopt;
  return parts;
}

fs::path find_bindir(const std::vector<fs::path>& candidates) {
  if (const char* env = std::getenv("RECON_PG_BINDIR"); env != nullptr && *env != '\0') {
    if (has_server_binaries(env)) return env;
    throw_bad_env_bindir(env);
  }
  std::vector<std::string> searched = {"$RECON_PG_BINDIR (not set)"};
  if (!candidates.empty()) {
    for (const auto& dir : candidates) {
      if (has_server_binaries(dir)) return dir;
      searched.push_back(dir.string());
    }
    throw_not_found(searched);
  }
  if (auto dir = from_pg_config(searched)) return *dir;
  if (auto dir = from_usr_lib(searched)) return *dir;
  throw_not_found(searched);
}

}  // namespace recon::pg
