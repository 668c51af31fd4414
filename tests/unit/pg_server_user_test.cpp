// The switch to the postgres user: the credentials of an OS user, and what to do when the user
// does not exist.

#include <catch2/catch.hpp>

#include <algorithm>

#include "pg/cluster_error.hpp"
#include "pg/server_user.hpp"

TEST_CASE("an OS user's uid, primary group and groups", "[pg][server_user]") {
  const recon::pg::Credentials root = recon::pg::server_user_credentials("root");
  CHECK(root.uid == 0);
  CHECK(root.gid == 0);
  CHECK(std::count(root.groups.begin(), root.groups.end(), 0u) == 1);
}

TEST_CASE("a missing server user is reported with the ways out", "[pg][server_user]") {
  CHECK_THROWS_AS(recon::pg::server_user_credentials("recon-no-such-user"),
                  recon::pg::ClusterError);
  CHECK_THROWS_WITH(recon::pg::server_user_credentials("recon-no-such-user"),
                    Catch::Contains("'recon-no-such-user' OS user, but there is no such user") &&
                        Catch::Contains("apt-get install postgresql-15") &&
                        Catch::Contains("run recon as an ordinary user") &&
                        Catch::Contains("--dev-url URL"));
}
