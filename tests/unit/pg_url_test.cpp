#include <cstdlib>

#include <catch2/catch.hpp>

#include "pg/cluster_error.hpp"
#include "pg/conninfo.hpp"

using recon::pg::ClusterError;
using recon::pg::percent_encode;
using recon::pg::url_with_dbname;

TEST_CASE("percent_encode keeps unreserved characters only", "[pg][url]") {
  CHECK(percent_encode("abc-XYZ_0.9~") == "abc-XYZ_0.9~");
  CHECK(percent_encode("/tmp/recon-pg-a1B2c3") == "%2Ftmp%2Frecon-pg-a1B2c3");
  CHECK(percent_encode("a b&c=d?é") == "a%20b%26c%3Dd%3F%C3%A9");
  CHECK(percent_encode("") == "");
}

TEST_CASE("url_with_dbname swaps the database and keeps the other settings", "[pg][url]") {
  CHECK(url_with_dbname("postgresql:///postgres?host=%2Ftmp%2Fx&port=5432&user=postgres",
                        "00_personal todo") ==
        "postgresql:///00_personal%20todo?host=%2Ftmp%2Fx&port=5432&user=postgres");
  CHECK(url_with_dbname(
            "host=localhost port=5433 user=me password='p w' dbname=old sslmode=disable", "new") ==
        "postgresql:///new?host=localhost&port=5433&user=me&password=p%20w&sslmode=disable");
  CHECK(url_with_dbname("postgresql://me:secret@db.example:6543/old", "new") ==
        "postgresql:///new?host=db.example&port=6543&user=me&password=secret");
  CHECK_THROWS_AS(url_with_dbname("postgresql://[", "x"), ClusterError);
  CHECK_THROWS_AS(url_with_dbname("nonsense_keyword=1", "x"), ClusterError);
}
