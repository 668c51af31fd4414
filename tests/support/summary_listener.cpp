// Prints one machine-readable line at the end of every test program, counting test
// cases, which scripts/summarize-tests adds up into CI's "N passed, M failed".
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>
#include <cstdio>

namespace {

struct SummaryListener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;

  void testRunEnded(const Catch::TestRunStats& stats) override {
    std::printf("recon-test-summary: %zu passed, %zu failed\n",
                static_cast<std::size_t>(stats.totals.testCases.passed),
                static_cast<std::size_t>(stats.totals.testCases.failed));
    std::fflush(stdout);
  }
};

}  // namespace

CATCH_REGISTER_LISTENER(SummaryListener)
