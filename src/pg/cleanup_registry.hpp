#pragma once

// The clusters of this process that a signal must not leave behind. Cluster registers its
// directory and the child it runs (initdb or the postmaster); on SIGINT/SIGTERM/SIGHUP the
// handler stops each registered child, removes each directory, then re-raises the signal with its
// default action. The registry is a fixed table of lock-free atomics, so the handler can read it
// whatever the interrupted code was doing.

#include <sys/types.h>
#include <csignal>
#include <filesystem>

namespace recon::pg {

// Registers `dir`; returns its slot, or -1 when the table is full or the path too long (the
// cluster is then still removed by its destructor, just not on a signal).
int register_cleanup_dir(const std::filesystem::path& dir);

// The child to stop with `stop_signal` before removing the slot's directory (-1: none).
// No-op for slot -1.
void set_cleanup_child(int slot, pid_t pid, int stop_signal = SIGQUIT);

// Frees the slot (its directory is no longer removed on a signal). No-op for slot -1.
void unregister_cleanup_dir(int slot);

// Installs SIGINT/SIGTERM/SIGHUP handlers that clean up every registered slot. Idempotent;
// Cluster::start calls it. Signals that were ignored (SIG_IGN) stay ignored.
void install_cleanup_signal_handlers();

}  // namespace recon::pg
