// RECON_TRACE=1: what planning spends its time on, and which way it went (snapshot or
// replay), on stderr. For people chasing a slow plan, and for the benchmark and the tests.
#pragma once

#include <string>

namespace recon::plan {

void trace(const std::string& what);

}  // namespace recon::plan
