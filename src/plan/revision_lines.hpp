// A revision file's text taken line by line, and the diagnostics of what is wrong in it: the
// part of the parser (revision_parse.cpp) that knows lines, positions and errors, not what the
// lines mean.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/diagnostic.hpp"

namespace recon::revision_layout {

class RevisionLines {
 public:
  struct Line {
    std::string_view text;  // without its '\n'
    std::size_t start = 0;
    int number = 0;
    bool terminated = false;
  };

  RevisionLines(std::string_view text, const std::filesystem::path& file);

 protected:
  bool at_end() const { return pos_ >= text_.size(); }

  // The current line, consumed; a truncated file fails here.
  Line take();

  // Jumps `bytes` ahead, over `lines` lines, to the start of a line.
  void skip(std::size_t bytes, int lines);

  // Diagnostics: fail throws them all (recon::InputError), note keeps one for later (up to a
  // limit), flush throws those kept if there are any.
  [[noreturn]] void fail(int line, int column, std::string message);
  [[noreturn]] void fail(const Line& line, std::size_t column, std::string message);
  bool full() const;
  void note(int line, int column, std::string message);
  void flush();

  // Line and column (from 1) of a byte of the text.
  std::pair<int, int> position(std::size_t offset) const;

  // Digits at text[i...], at most 9 (an int); nullopt when there are none or too many.
  static std::optional<long long> digits(std::string_view text, std::size_t& i);

  std::string_view text_;
  std::string file_;
  std::size_t pos_ = 0;  // where cur_ starts
  int line_ = 1;         // cur_'s number
  Line cur_;

 private:
  void load();
  void advance();

  std::vector<Diagnostic> diagnostics_;
};

}  // namespace recon::revision_layout
