#include "plan/hand_written.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "catalog/diagnostic.hpp"

namespace recon::plan {
namespace {

constexpr std::string_view kHandWrittenDirective = "-- recon:";
constexpr std::string_view kHandWrittenSummary = "! sql ";

std::string_view without_blanks_around(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// Reads the directives of the comment lines before the first statement, and refuses one after.
class DirectiveReader {
 public:
  DirectiveReader(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

  HandWritten read() {
    HandWritten step;
    step.where = {file_, 1, 1};
    bool in_sql = false;
    int number = 0;
    std::size_t start = 0;
    while (start < text_.size()) {
      const std::size_t end = std::min(text_.find('\n', start), text_.size());
      const std::string_view line = text_.substr(start, end - start);
      ++number;
      const std::string_view content = without_blanks_around(line);
      const int column = static_cast<int>(content.data() - line.data()) + 1;
      if (content.starts_with(kHandWrittenDirective)) {
        if (in_sql)
          fail(number, column,
               "a '-- recon:' directive after the first statement: directives go at the top of "
               "the file");
        else
          directive(step, content.substr(kHandWrittenDirective.size()), number,
                    column + static_cast<int>(kHandWrittenDirective.size()));
      } else if (!content.empty() && !content.starts_with("--")) {
        in_sql = true;
      }
      start = end + 1;
    }
    if (!in_sql) fail(1, 1, "no SQL: the file has only comments and directives");
    if (!problems_.empty()) throw InputError(std::move(problems_));
    return step;
  }

 private:
  void fail(int line, int column, std::string message) {
    problems_.push_back({{file_, line, column}, std::move(message)});
  }

  void directive(HandWritten& step, std::string_view text, int line, int column) {
    const std::string_view word = without_blanks_around(text);
    const int at = column + static_cast<int>(word.data() - text.data());
    if (word == "not-transactional") {
      step.transactional = false;
      return;
    }
    for (const bool after : {true, false}) {
      const std::string_view keyword = after ? "after" : "before";
      if (!word.starts_with(keyword) ||
          (word.size() > keyword.size() && word[keyword.size()] != ' '))
        continue;
      const std::string_view summary = without_blanks_around(word.substr(keyword.size()));
      if (summary.empty())
        return fail(line, at,
                    "'" + std::string(keyword) +
                        "' names no step: write the step's summary as the plan shows it, "
                        "e.g. '-- recon: after + column users.status'");
      const int summary_at = at + static_cast<int>(summary.data() - word.data());
      step.anchors.push_back({after, std::string(summary), {file_, line, summary_at}});
      return;
    }
    fail(line, at,
         "unknown directive '" + std::string(word) +
             "': expected 'after <step>', 'before <step>' or 'not-transactional'");
  }

  std::string_view text_;
  std::string file_;
  std::vector<Diagnostic> problems_;
};

// The file's text as the step's SQL: line ends as written, no trailing blank lines (a revision
// file ends a step's SQL at its first blank line after it).
std::string hand_written_sql(std::string_view text) {
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return std::string(text);
}

std::string hand_written_summary(const std::string& name) {
  return std::string(kHandWrittenSummary) + name;
}

std::string hand_written_key(const std::string& name) {
  return "hand:" + name;
}

bool anchor_names(const std::string& summary, const std::string& anchor) {
  return summary == anchor || (summary.size() > anchor.size() + 1 && summary.starts_with(anchor) &&
                               summary.compare(anchor.size(), 2, ": ") == 0);
}

std::vector<std::size_t> steps_named(const std::vector<Change>& changes, const Anchor& anchor) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < changes.size(); ++i)
    if (anchor_names(changes[i].summary, anchor.summary)) out.push_back(i);
  return out;
}

std::vector<Hazard> hand_written_hazards(const HandWritten& step) {
  std::vector<Hazard> out{
      {hazard::hand_written,
       "SQL written by hand (" + step.name +
           "): recon checked the schema it leaves, not what it does to rows, what it locks or "
           "how long it runs"}};
  if (!step.transactional)
    out.push_back({hazard::not_transactional,
                   "runs alone, committing as it goes; interrupted, it runs again from its "
                   "start when apply resumes: it must be safe to run twice"});
  return out;
}

std::string summaries_listed(const std::vector<Change>& changes,
                             const std::vector<std::size_t>& which) {
  std::string out;
  for (std::size_t i : which) out += "\n  " + changes[i].summary;
  return out;
}

// Why `anchor` names no step or several, with the candidates.
std::string why_unplaced(const std::vector<Change>& changes, const Anchor& anchor,
                         const std::vector<std::size_t>& found) {
  if (!found.empty())
    return "'" + anchor.summary + "' names " + std::to_string(found.size()) +
           " steps of the plan: write the whole summary of one of them" +
           summaries_listed(changes, found);
  if (changes.empty())
    return "'" + anchor.summary +
           "' names no step: the plan has no other step (leave the "
           "anchor out)";
  std::vector<std::string> summaries;
  std::vector<std::size_t> all;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    summaries.push_back(changes[i].summary);
    all.push_back(i);
  }
  return "'" + anchor.summary + "' names no step of the plan" +
         did_you_mean(anchor.summary, summaries) +
         "; its steps are:" + summaries_listed(changes, all);
}

bool drops_data(const Change& c) {
  return c.kind == ChangeKind::drop_column || c.kind == ChangeKind::drop_table;
}

}  // namespace

HandWritten parse_hand_written(std::string_view text, const std::filesystem::path& file) {
  HandWritten step = DirectiveReader(text, file.string()).read();
  step.name = file.filename().string();
  step.sql = hand_written_sql(text);
  return step;
}

HandWritten read_hand_written(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError({{{file.string(), 0, 0}, "cannot read the hand-written step: no such file"}});
  return parse_hand_written(std::string(std::istreambuf_iterator<char>(in), {}), file);
}

std::vector<HandWritten> hand_written_steps(const Revision& revision) {
  std::vector<HandWritten> out;
  for (const auto& step : revision.plan.steps) {
    const bool hand_written =
        std::any_of(step.hazards.begin(), step.hazards.end(),
                    [](const Hazard& h) { return h.kind == hazard::hand_written; });
    if (!hand_written || !step.summary.starts_with(kHandWrittenSummary)) continue;
    HandWritten again = parse_hand_written(step.sql, revision.file);
    again.name = step.summary.substr(kHandWrittenSummary.size());
    out.push_back(std::move(again));
  }
  return out;
}

std::set<std::pair<std::string, std::string>> filled_in_columns(
    const std::vector<Change>& changes, const std::vector<HandWritten>& steps,
    const Catalog& desired) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& step : steps) {
    for (const auto& anchor : step.anchors) {
      const auto found = steps_named(changes, anchor);
      if (!anchor.after || found.size() != 1) continue;
      const Change& added = changes[found.front()];
      if (added.kind != ChangeKind::add_column) continue;
      for (const auto& [name, table] : desired.tables)
        for (const auto& column : table.columns)
          if (added.object == "column " + name + "." + column.name && column.not_null &&
              !column.default_expr && column.identity == Identity::none && !column.generated)
            out.insert({name, column.name});
    }
  }
  return out;
}

std::vector<Change> with_hand_written(std::vector<Change> changes,
                                      const std::vector<HandWritten>& steps) {
  const std::size_t generated = changes.size();
  std::vector<Diagnostic> problems;
  std::set<std::string> seen;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const HandWritten& step = steps[s];
    if (!seen.insert(step.name).second) {
      problems.push_back({step.where, "a second hand-written step named " + step.name +
                                          ": give each file its own name"});
      continue;
    }
    Change h;
    h.kind = ChangeKind::hand_written;
    h.object = "sql " + step.name;
    h.summary = hand_written_summary(step.name);
    h.sql = step.sql;
    h.hazards = hand_written_hazards(step);
    h.transactional = step.transactional;
    h.where = step.where;
    const std::string key = hand_written_key(step.name);
    h.creates.push_back(key);
    h.needs.push_back("schema");
    if (s > 0) h.needs.push_back(hand_written_key(steps[s - 1].name));
    std::set<std::size_t> runs_after;
    std::vector<std::string> filled;
    for (const auto& anchor : step.anchors) {
      const auto found = steps_named(changes, anchor);
      if (found.size() != 1) {
        problems.push_back({anchor.where, why_unplaced(changes, anchor, found)});
        continue;
      }
      Change& other = changes[found.front()];
      if (!anchor.after) {
        other.needs.push_back(key);
        continue;
      }
      runs_after.insert(found.front());
      const std::string placed = "placed:" + std::to_string(found.front());
      if (std::find(other.creates.begin(), other.creates.end(), placed) == other.creates.end())
        other.creates.push_back(placed);
      h.needs.push_back(placed);
      // A column added for the step to fill in: its NOT NULL comes after the step.
      if (other.kind != ChangeKind::add_column) continue;
      for (std::size_t i = 0; i < generated; ++i)
        if (i != found.front() && changes[i].object == other.object &&
            (changes[i].kind == ChangeKind::alter_column ||
             changes[i].kind == ChangeKind::validate_constraint)) {
          changes[i].needs.push_back(key);
          changes[i].creates.push_back("filled:" + std::to_string(i));
          filled.push_back("filled:" + std::to_string(i));
        }
    }
    // The SQL may read what a drop removes: drops wait for it, unless it asked to follow one,
    // and for the NOT NULL of the columns it fills in (the old values are kept until the new
    // ones are known to be complete).
    for (std::size_t i = 0; i < generated; ++i) {
      if (!drops_data(changes[i]) || runs_after.contains(i)) continue;
      changes[i].needs.push_back(key);
      for (const auto& k : filled) changes[i].needs.push_back(k);
    }
    changes.push_back(std::move(h));
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  return changes;
}

}  // namespace recon::plan
