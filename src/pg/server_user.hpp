#pragma once

// The switch to the postgres user: PostgreSQL refuses to run as root, so a recon running as root
// runs initdb and the server as the `postgres` OS user, which is also the database superuser of
// every cluster recon creates.

#include <string_view>

#include "pg/process.hpp"

namespace recon::pg {

inline constexpr const char* kServerUser = "postgres";

// The uid, primary gid and groups of OS user `user`. Throws ClusterError saying how to get the
// user (or avoid needing it) when there is no such user.
[[nodiscard]] Credentials server_user_credentials(const char* user = kServerUser);

}  // namespace recon::pg
