#include "pg/server_user.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <cerrno>

#include <fmt/format.h>

#include "pg/cluster_error.hpp"

namespace recon::pg {

namespace {

std::vector<gid_t> groups_of(const char* user, gid_t primary) {
  int n = 32;
  std::vector<gid_t> groups(static_cast<std::size_t>(n));
  while (getgrouplist(user, primary, groups.data(), &n) < 0) {
    groups.resize(static_cast<std::size_t>(n) + 32);
    n = static_cast<int>(groups.size());
  }
  groups.resize(static_cast<std::size_t>(n));
  return groups;
}

}  // namespace

Credentials server_user_credentials(const char* user) {
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 16384);
  struct passwd pw {};
  struct passwd* result = nullptr;
  int err = 0;
  while ((err = getpwnam_r(user, &pw, buf.data(), buf.size(), &result)) == ERANGE) {
    buf.resize(buf.size() * 2);
  }
  if (result == nullptr) {
    throw ClusterError(fmt::format(
        "recon is running as root, and PostgreSQL refuses to run as root, so the scratch server "
        "must run as the '{}' OS user, but there is no such user{}.\n"
        "Fix: install the server with `apt-get install postgresql-15` (it creates the user), "
        "or run recon as an ordinary user,\n"
        "or pass --dev-url URL to use a PostgreSQL server you already run.",
        user, err != 0 ? " (" + errno_text(err) + ")" : ""));
  }
  return Credentials{pw.pw_uid, pw.pw_gid, groups_of(user, pw.pw_gid)};
}

}  // namespace recon::pg
