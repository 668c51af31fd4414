// Progress of an apply as it runs: each revision and each step, with timings. A step's line is
// printed when it starts, and again when it ends:
//
//   apply 00_personal_todo 0001_initial: step 2/5 + table todos ...
//   apply 00_personal_todo 0001_initial: step 2/5 + table todos ... 12 ms
//
// Steps sent to the server together start as one line and are reported when their batch is
// done:
//
//   apply 00_personal_todo 0001_initial: steps 3-4/5 (sent together) ...
//   apply 00_personal_todo 0001_initial: step 3/5 + index todos_title_idx ... ok
//   apply 00_personal_todo 0001_initial: step 4/5 + view open_todos ... ok, steps 3-4 in 5 ms
//
// A step that runs long shows its time so far and what Postgres reports about it (StepMonitor):
//
//   apply billing 0004_index: step 1/1 + index invoices_due_idx ... 10.0 s, building index:
//   scanning table, 51234 of 182004 blocks (28%)
//
// On a terminal the current step is one line updated in place (the finished revision stays);
// elsewhere (pipes, CI) every line is kept, and a long step gets a line every 5 seconds (every
// 30 after its first minute): a step shorter than that prints only its start and end lines.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "run/revision.hpp"

namespace recon::apply {

class Progress {
 public:
  virtual ~Progress() = default;
  // A free-form line: "apply billing: up to date at 0003_add_totals".
  virtual void note(const std::string& /*line*/) {}
  virtual void revision_started(const std::string& /*project*/, int /*number*/,
                                const std::string& /*slug*/, std::size_t /*steps*/) {}
  virtual void step_started(std::size_t /*step*/, std::size_t /*steps*/,
                            const std::string& /*summary*/) {}
  // Steps first..last (1-based) of `all` are sent to the server together.
  virtual void steps_started(std::size_t /*first*/, std::size_t /*last*/,
                             const std::vector<Step>& /*all*/) {}
  // The step (or steps) last started still runs after `elapsed`; `detail` is what Postgres
  // reports about it ("" when nothing). Called from another thread (StepMonitor's).
  virtual void still_running(std::chrono::milliseconds /*elapsed*/, const std::string& /*detail*/) {
  }
  virtual void step_finished(std::size_t /*step*/, std::size_t /*steps*/,
                             const std::string& /*summary*/, std::chrono::milliseconds /*took*/,
                             bool /*skipped*/) {}
  // Steps first..last (1-based) of `all` ran together (sent in one batch) in `took`.
  virtual void steps_finished(std::size_t /*first*/, std::size_t /*last*/,
                              const std::vector<Step>& /*all*/,
                              std::chrono::milliseconds /*took*/) {}
  virtual void revision_finished(std::chrono::milliseconds /*took*/) {}
};

// Reports nothing.
class SilentProgress : public Progress {};

// Writes to `out` (stdout by default); `live`: a terminal, update lines in place.
class ConsoleProgress : public Progress {
 public:
  explicit ConsoleProgress(std::FILE* out, bool live);
  ~ConsoleProgress() override;  // ends a line left open (an error message follows)
  ConsoleProgress(const ConsoleProgress&) = delete;
  ConsoleProgress& operator=(const ConsoleProgress&) = delete;

  void note(const std::string& line) override;
  void revision_started(const std::string& project, int number, const std::string& slug,
                        std::size_t steps) override;
  void step_started(std::size_t step, std::size_t steps, const std::string& summary) override;
  void steps_started(std::size_t first, std::size_t last, const std::vector<Step>& all) override;
  void still_running(std::chrono::milliseconds elapsed, const std::string& detail) override;
  void step_finished(std::size_t step, std::size_t steps, const std::string& summary,
                     std::chrono::milliseconds took, bool skipped) override;
  void steps_finished(std::size_t first, std::size_t last, const std::vector<Step>& all,
                      std::chrono::milliseconds took) override;
  void revision_finished(std::chrono::milliseconds took) override;

 private:
  void clear_line();
  void show(const std::string& line);  // the live line, cut to the terminal's width
  void started(std::string line);      // a step's or batch's line, without " ..."

  std::FILE* out_;
  bool live_;
  bool line_open_ = false;
  std::string prefix_;  // "apply 00_personal_todo 0001_initial"
  std::size_t steps_ = 0;
  std::string running_;                    // the line of the step under way, "" when none
  std::chrono::milliseconds next_line_{};  // not live: when the next still-running line is due
  std::mutex mutex_;                       // still_running comes from another thread
};

}  // namespace recon::apply
