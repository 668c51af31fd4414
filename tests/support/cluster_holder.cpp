// Test helper for pg_cluster_test: starts a cluster, prints "<data dir> <postmaster pid>" on one
// line of stdout, then sleeps until a signal ends it. Optional argument: the directory to create
// the cluster in (ClusterOptions::temp_root).
#include <unistd.h>
#include <cstdio>
#include <exception>

#include "pg/cluster.hpp"

int main(int argc, char** argv) {
  try {
    recon::pg::ClusterOptions options;
    if (argc > 1) options.temp_root = argv[1];
    auto cluster = recon::pg::Cluster::start(options);
    std::printf("%s %d\n", cluster.data_dir().c_str(), static_cast<int>(cluster.server_pid()));
    std::fflush(stdout);
    while (true) pause();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cluster_holder: %s\n", e.what());
    return 1;
  }
}
