#include "apply/progress.hpp"

#include <fmt/core.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "plan/revision_chain.hpp"

namespace recon::apply {

ConsoleProgress::ConsoleProgress(std::FILE* out, bool live) : out_(out), live_(live) {}

namespace {

constexpr std::chrono::seconds kLineEvery{5};
constexpr std::chrono::seconds kLineEveryAfterAMinute{30};

std::string seconds(std::chrono::milliseconds took) {
  return fmt::format("{}.{} s", took.count() / 1000, took.count() % 1000 / 100);
}

}  // namespace

ConsoleProgress::~ConsoleProgress() {
  if (line_open_) {
    std::fputc('\n', out_);
    std::fflush(out_);
  }
}

void ConsoleProgress::show(const std::string& line) {
  clear_line();
  winsize size{};
  std::string text = line;
  // A line longer than the terminal wraps, and \r would then only clear its last row.
  if (ioctl(fileno(out_), TIOCGWINSZ, &size) == 0 && size.ws_col > 4 &&
      text.size() >= size.ws_col) {
    std::size_t cut = size.ws_col - 4;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    text = text.substr(0, cut) + "...";
  }
  fmt::print(out_, "{}", text);
  line_open_ = true;
  std::fflush(out_);
}

void ConsoleProgress::clear_line() {
  if (!line_open_) return;
  fmt::print(out_, "\r\033[K");
  line_open_ = false;
}

void ConsoleProgress::note(const std::string& line) {
  const std::lock_guard lock(mutex_);
  clear_line();
  fmt::print(out_, "{}\n", line);
  std::fflush(out_);
}

void ConsoleProgress::revision_started(const std::string& project, int number,
                                       const std::string& slug, std::size_t steps) {
  const std::lock_guard lock(mutex_);
  const std::string file = revision_file_name(number, slug);
  prefix_ = "apply " + project + " " + file.substr(0, file.size() - 4);
  steps_ = steps;
}

void ConsoleProgress::started(std::string line) {
  running_ = std::move(line);
  next_line_ = kLineEvery;
  if (live_) {
    show(running_ + " ...");
  } else {
    fmt::print(out_, "{} ...\n", running_);
    std::fflush(out_);
  }
}

void ConsoleProgress::step_started(std::size_t step, std::size_t steps,
                                   const std::string& summary) {
  const std::lock_guard lock(mutex_);
  started(fmt::format("{}: step {}/{} {}", prefix_, step, steps, summary));
}

void ConsoleProgress::steps_started(std::size_t first, std::size_t last,
                                    const std::vector<Step>& all) {
  const std::lock_guard lock(mutex_);
  started(fmt::format("{}: steps {}-{}/{} (sent together)", prefix_, first, last, all.size()));
}

void ConsoleProgress::still_running(std::chrono::milliseconds elapsed, const std::string& detail) {
  const std::lock_guard lock(mutex_);
  if (running_.empty()) return;
  const std::string line =
      fmt::format("{} ... {}{}", running_, seconds(elapsed), detail.empty() ? "" : ", " + detail);
  if (live_) {
    show(line);
    return;
  }
  if (elapsed < next_line_) return;
  fmt::print(out_, "{}\n", line);
  std::fflush(out_);
  while (next_line_ <= elapsed)
    next_line_ += elapsed < std::chrono::minutes(1) ? kLineEvery : kLineEveryAfterAMinute;
}

void ConsoleProgress::step_finished(std::size_t step, std::size_t steps, const std::string& summary,
                                    std::chrono::milliseconds took, bool skipped) {
  const std::lock_guard lock(mutex_);
  running_.clear();
  const std::string line =
      fmt::format("{}: step {}/{} {} ... {}", prefix_, step, steps, summary,
                  skipped ? "done before" : fmt::format("{} ms", took.count()));
  if (live_) {
    show(line);
  } else {
    fmt::print(out_, "{}\n", line);
    std::fflush(out_);
  }
}

void ConsoleProgress::steps_finished(std::size_t first, std::size_t last,
                                     const std::vector<Step>& all, std::chrono::milliseconds took) {
  const std::lock_guard lock(mutex_);
  running_.clear();
  const auto line = [&](std::size_t step) {
    return fmt::format(
        "{}: step {}/{} {} ... ok{}", prefix_, step, all.size(), all[step - 1].summary,
        step == last ? fmt::format(", steps {}-{} in {} ms", first, last, took.count())
                     : std::string());
  };
  if (live_) {
    show(line(last));
    return;
  }
  for (std::size_t step = first; step <= last; ++step) fmt::print(out_, "{}\n", line(step));
  std::fflush(out_);
}

void ConsoleProgress::revision_finished(std::chrono::milliseconds took) {
  const std::lock_guard lock(mutex_);
  running_.clear();
  clear_line();
  fmt::print(out_, "{}: applied in {} ms ({} step{})\n", prefix_, took.count(), steps_,
             steps_ == 1 ? "" : "s");
  std::fflush(out_);
}

}  // namespace recon::apply
