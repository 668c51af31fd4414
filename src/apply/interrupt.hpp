// Stopping an apply from outside (Ctrl-C, SIGTERM) without leaving work behind on the server.
//
// Exiting at once is not enough: the server does not notice that a client is gone while it
// runs a statement, and would go on with a 10-minute rewrite holding ACCESS EXCLUSIVE and
// recon's lock. So a stop request sends libpq's cancel request for the statement running on
// every connection apply registered; the statement fails, apply sees stop_requested() and
// unwinds normally: the transaction is rolled back, the advisory lock released, and the user
// told what was rolled back and what stays done (apply::Interrupted).
//
// A cancel that reaches a session between two statements is ignored by the server, so apply
// also checks stop_requested() before each transaction and step, and in every wait.
#pragma once

#include <chrono>

#include <pqxx/pqxx>

namespace recon::apply {

// Whether a stop was requested, and by which signal (0: none).
bool stop_requested();
int stop_signal();

// Makes stop_requested() true and cancels the statement running on every registered
// connection. Thread-safe, not async-signal-safe: StopOnSignals calls it from a thread.
void request_stop(int signal);

// Forgets a stop request (tests run several applies in one process).
void reset_stop();

// Registers `conn` for the object's lifetime: a stop cancels what it runs.
class CancelOnStop {
 public:
  explicit CancelOnStop(pqxx::connection& conn);
  ~CancelOnStop();
  CancelOnStop(const CancelOnStop&) = delete;
  CancelOnStop& operator=(const CancelOnStop&) = delete;

 private:
  pqxx::connection* conn_;
};

// Sleeps for `duration`, or until a stop is requested.
void sleep_unless_stopped(std::chrono::milliseconds duration);

// For the object's lifetime, SIGINT and SIGTERM request a stop (request_stop, from a thread
// woken through a pipe by the handler); a second signal exits at once with 128 + signal,
// saying so on stderr. The previous handlers come back at destruction.
class StopOnSignals {
 public:
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;
};

}  // namespace recon::apply
