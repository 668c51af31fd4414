// The Catch2 main, compiled once and linked into every test executable.
//
// CATCH_CONFIG_NO_POSIX_SIGNALS: Catch2 would otherwise install its own SIGINT/SIGTERM handlers
// around every test case and restore the previous ones afterwards, which would undo
// recon::pg::install_cleanup_signal_handlers() (stop the test cluster, remove its directory).
// Crashes are still reported by the sanitizers and by the test runner.
// GCC 12 with -fsanitize=address reports a false -Wmaybe-uninitialized inside libstdc++'s
// std::regex, which Catch's implementation instantiates; this file holds nothing else.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_NO_POSIX_SIGNALS
#include <catch2/catch.hpp>
