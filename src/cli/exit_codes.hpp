// recon's exit codes, documented in README.md. Scripts and CI depend on them.
#pragma once

namespace recon::exit_code {
inline constexpr int ok = 0;
inline constexpr int error = 1;          // runtime failure: database, I/O, not built yet
inline constexpr int changes = 2;        // plan --check / --detailed-exitcode: changes pending
inline constexpr int invalid_input = 3;  // declarations, plan files or arguments are invalid
inline constexpr int refused =
    4;                            // unsafe or stale: drift, hazards not allowed, lock held too long
inline constexpr int usage = 64;  // command line not understood
// apply stopped by a signal: 128 + its number, 130 for Ctrl-C (SIGINT), 143 for SIGTERM.
inline constexpr int interrupted_base = 128;
}  // namespace recon::exit_code
