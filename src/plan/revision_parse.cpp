// Reading a revision file back: exactly what the renderer writes, anything else refused with
// file:line:column diagnostics.
#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "catalog/diagnostic.hpp"
#include "catalog/identifier.hpp"
#include "plan/comment_text.hpp"
#include "plan/revision_file.hpp"
#include "plan/revision_layout.hpp"
#include "plan/revision_lines.hpp"

namespace recon {
namespace revision_layout {
namespace {

// A short, escaped excerpt of a line for an error message.
std::string excerpt(std::string_view line) {
  constexpr std::size_t kMax = 80;
  if (line.size() <= kMax) return escape_comment_text(line);
  return escape_comment_text(line.substr(0, kMax)) + "...";
}

// The grammar of a revision file, over its lines.
class Parser : public RevisionLines {
 public:
  using RevisionLines::RevisionLines;

  Revision parse() {
    Revision r;
    r.file = file_;
    if (text_.empty()) fail(1, 1, "empty file: expected a recon revision");
    if (starts_with(text_, "\xef\xbb\xbf"))
      fail(1, 1, "the file starts with a byte order mark: recon writes UTF-8 without one");
    parse_first_line(r);
    parse_header(r);
    const Line summary_header = take();
    const std::size_t step_count = parse_summary(summary_header);
    const Line hazards = take();
    if (!starts_with(hazards.text, kHazardsPrefix))
      fail(hazards, 1, "expected '-- Hazards: ...' after the summary");
    expect_blank("after the header");
    parse_preamble(r.plan.schema);
    expect_blank("after the preamble");
    for (std::size_t k = 1; k <= step_count; ++k) r.plan.steps.push_back(parse_step(k, step_count));
    const Line last = take();
    if (starts_with(last.text, kStepPrefix))
      fail(last, 1, "more steps than the summary announces (" + std::to_string(step_count) + ")");
    if (!starts_with(last.text, kChecksumPrefix))
      fail(last, 1, "expected the checksum line '-- checksum: sha256:<64 hex>'");
    r.checksum = parse_sha256(last, kChecksumPrefix.size(), "checksum");
    if (!at_end()) fail(cur_, 1, "text after the checksum line (it must be the last line)");
    check_canonical(r, last.start);
    return r;
  }

 private:
  void parse_first_line(Revision& r) {
    if (!starts_with(cur_.text, kFirstLinePrefix) &&
        !(cur_.text.size() < kFirstLinePrefix.size() && !cur_.terminated &&
          starts_with(kFirstLinePrefix, cur_.text)))
      fail(1, 1, "not a recon revision: the first line must be '-- recon revision NNNN: <slug>'");
    const Line line = take();
    if (!line.text.empty() && line.text.back() == '\r')
      fail(line, line.text.size(),
           "the file has Windows line endings (CRLF), recon writes LF: git may have converted "
           "it (add `*.sql -text` to .gitattributes, check core.autocrlf)");
    if (!starts_with(line.text, kFirstLinePrefix))
      fail(line, 1,
           "not a recon revision: the first line must be '-- recon revision NNNN: <slug>'");
    std::size_t i = kFirstLinePrefix.size();
    const std::size_t number_start = i;
    const auto number = digits(line.text, i);
    if (!number || i - number_start < 4 || *number < 1)
      fail(line, number_start + 1, "expected the revision number: 4 to 9 digits, 0001 or more");
    r.number = static_cast<int>(*number);
    if (line.text.substr(i, 2) != ": ") fail(line, i + 1, "expected ': ' after the number");
    i += 2;
    r.slug = std::string(line.text.substr(i));
    if (!is_slug(r.slug))
      fail(line, i + 1, "the slug must be made of lower-case letters, digits and '_'");
  }

  void parse_header(Revision& r) {
    std::map<std::string_view, int> seen;
    Line line;
    while (true) {
      line = take();
      if (line.text == "--") break;
      if (starts_with(line.text, kSummaryPrefix))
        fail(line, 1, "expected '--' between the header and the summary");
      if (!starts_with(line.text, "-- "))
        fail(line, 1, "expected a header line '-- <key>: <value>' or '--' ending the header");
      const std::string_view rest = line.text.substr(3);
      const std::size_t colon = rest.find(": ");
      if (colon == std::string_view::npos) {
        note(line.number, 4, "expected a header line '-- <key>: <value>'");
        continue;
      }
      const std::string_view key = rest.substr(0, colon);
      const std::string_view value = rest.substr(colon + 2);
      const int column = static_cast<int>(3 + colon + 2 + 1);
      if (std::find(kHeaderKeys.begin(), kHeaderKeys.end(), key) == kHeaderKeys.end()) {
        if (full()) continue;
        const std::vector<std::string> keys(kHeaderKeys.begin(), kHeaderKeys.end());
        note(line.number, 4,
             "unknown header line '" + excerpt(key) + "'" + did_you_mean(key.substr(0, 40), keys));
        continue;
      }
      if (const auto it = seen.find(key); it != seen.end()) {
        note(line.number, 4,
             "duplicate header line '" + std::string(key) + "' (first on line " +
                 std::to_string(it->second) + ")");
        continue;
      }
      seen.emplace(key, line.number);
      header_value(r, line, key, value, column);
    }
    for (const auto key : kHeaderKeys)
      if (key != kOptionalHeaderKey && seen.find(key) == seen.end())
        note(line.number, 1, "missing header line '-- " + std::string(key) + ": ...'");
    flush();
  }

  std::string text_value(const Line& line, std::string_view value, int column,
                         std::string_view what) {
    std::string out;
    if (const auto error = unescape_comment_text(value, out)) {
      note(line.number, column + static_cast<int>(error->offset), error->message);
      return out;
    }
    if (out.empty()) note(line.number, column, "the " + std::string(what) + " is empty");
    return out;
  }

  void header_value(Revision& r, const Line& line, std::string_view key, std::string_view value,
                    int column) {
    if (key == "project") {
      r.plan.project = text_value(line, value, column, "project");
    } else if (key == "schema") {
      const std::string quoted = text_value(line, value, column, "schema");
      if (quoted.empty()) return;
      std::string name;
      bool ok = true;
      if (quoted.front() == '"') {
        const auto token = read_identifier(quoted);
        ok = token && token->length == quoted.size();
        if (ok) name = token->name;
      } else {
        name = quoted;
      }
      if (!ok || name.empty() || quote_ident(name) != quoted) {
        note(line.number, column,
             "the schema must be written the way quote_ident writes it" +
                 (ok && !name.empty() ? " (" + excerpt(quote_ident(name)) + ")" : std::string()));
        return;
      }
      r.plan.schema = name;
    } else if (key == "parent") {
      if (value == "none") return;
      std::size_t i = 0;
      const auto number = digits(value, i);
      if (!number || i < 4 || *number < 1 || value.substr(i, 1) != " ") {
        note(line.number, column,
             "expected 'none' or the parent's number (4 to 9 digits) and checksum");
        return;
      }
      r.parent_number = static_cast<int>(*number);
      r.parent_checksum = check_sha256(line, value.substr(i + 1), column + static_cast<int>(i) + 1,
                                       "parent checksum");
    } else if (key == "source") {
      r.plan.source_fingerprint = check_sha256(line, value, column, "source fingerprint");
    } else if (key == "target") {
      r.plan.target_fingerprint = check_sha256(line, value, column, "target fingerprint");
    } else if (key == "planned-from") {
      if (value == "chain") {
        r.planned_from = PlanSource::chain;
      } else if (value == "database") {
        r.planned_from = PlanSource::database;
      } else {
        note(line.number, column,
             "planned-from must be 'chain' or 'database'" +
                 did_you_mean(value.substr(0, 40), {"chain", "database"}));
      }
    } else if (key == "roles") {
      r.plan.roles = role_names(line, value, column);
    } else if (key == "recon") {
      r.recon_version = text_value(line, value, column, "recon version");
    }
  }

  // "reporting, \"Todo App\"": names as quote_ident writes them, comma-separated.
  std::vector<std::string> role_names(const Line& line, std::string_view value, int column) {
    std::vector<std::string> out;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto token = read_identifier(rest);
      if (!token || token->name.empty()) {
        note(line.number, column + static_cast<int>(value.size() - rest.size()),
             "expected role names as quote_ident writes them, separated by ', '");
        return {};
      }
      out.push_back(token->name);
      rest.remove_prefix(token->length);
      if (rest.starts_with(", "))
        rest.remove_prefix(2);
      else if (!rest.empty()) {
        note(line.number, column + static_cast<int>(value.size() - rest.size()),
             "expected ', ' between role names");
        return {};
      }
    }
    return out;
  }

  // Notes what is wrong with a "sha256:<hex>" value; returns it when it is right.
  std::string check_sha256(const Line& line, std::string_view value, int column,
                           std::string_view what) {
    const std::string name(what);
    if (!starts_with(value, kSha256)) {
      note(line.number, column, "the " + name + " must be 'sha256:' and 64 lower-case hex digits");
      return {};
    }
    const std::string_view hex = value.substr(kSha256.size());
    for (std::size_t i = 0; i < hex.size() && i < kHexDigits; ++i) {
      if (!is_lower_hex(hex[i])) {
        note(line.number, column + static_cast<int>(kSha256.size() + i),
             "bad hex digit in the " + name + ": expected 0-9 or a-f");
        return {};
      }
    }
    if (hex.size() != kHexDigits) {
      note(line.number, column + static_cast<int>(kSha256.size()),
           "the " + name + " must have 64 hex digits, not " + std::to_string(hex.size()));
      return {};
    }
    return std::string(value);
  }

  std::string parse_sha256(const Line& line, std::size_t offset, std::string_view what) {
    std::string value =
        check_sha256(line, line.text.substr(offset), static_cast<int>(offset) + 1, what);
    flush();
    return value;
  }

  std::size_t parse_summary(const Line& header) {
    if (!starts_with(header.text, kSummaryPrefix))
      fail(header, 1, "expected '-- Summary (N steps):' after the header");
    std::size_t i = kSummaryPrefix.size();
    const auto count = digits(header.text, i);
    const std::string_view rest = count ? header.text.substr(i) : std::string_view();
    if (!count || (rest != " steps):" && rest != " step):"))
      fail(header, kSummaryPrefix.size() + 1, "expected '-- Summary (N steps):'");
    std::size_t listed = 0;
    while (true) {
      const Line line = take();
      if (line.text == "--") break;
      if (!starts_with(line.text, kSummaryLinePrefix))
        fail(line, 1, "expected a summary line '--   <step>' or '--' ending the summary");
      ++listed;
    }
    if (listed != static_cast<std::size_t>(*count))
      fail(header, kSummaryPrefix.size() + 1,
           "the summary announces " + std::to_string(*count) + " steps but lists " +
               std::to_string(listed));
    return listed;
  }

  void expect_blank(std::string_view where) {
    const Line line = take();
    if (!line.text.empty()) fail(line, 1, "expected a blank line " + std::string(where));
  }

  void parse_preamble(const std::string& schema) {
    const std::string expected = preamble(schema);
    const std::string_view actual = text_.substr(pos_, expected.size());
    if (actual != expected) {
      std::size_t i = 0;
      while (i < actual.size() && actual[i] == expected[i]) ++i;
      const auto [line, column] = position(pos_ + i);
      fail(line, column,
           "expected the preamble '" + excerpt(expected) + "' (is the file truncated?)");
    }
    skip(expected.size(), static_cast<int>(std::count(expected.begin(), expected.end(), '\n')));
  }

  Step parse_step(std::size_t k, std::size_t n) {
    Step step;
    const std::string number = std::to_string(k) + "/" + std::to_string(n);
    step.summary = parse_step_line(k, n, number);
    const auto sql_lines = parse_step_comments(step);
    step.sql = sql_lines ? counted_sql(*sql_lines, number) : sql_before_next_step(number);
    return step;
  }

  // "-- step K/N: <summary>": the summary.
  std::string parse_step_line(std::size_t k, std::size_t n, const std::string& number) {
    if (at_end())
      fail(line_, 1, "unexpected end of file: step " + number + " is missing (is it truncated?)");
    const Line header = take();
    if (starts_with(header.text, kChecksumPrefix))
      fail(header, 1,
           "the summary announces " + std::to_string(n) + " steps but the file has only " +
               std::to_string(k - 1));
    if (!starts_with(header.text, kStepPrefix))
      fail(header, 1, "expected '-- step " + number + ": <summary>'");
    std::size_t i = kStepPrefix.size();
    const auto a = digits(header.text, i);
    const bool slash = a && i < header.text.size() && header.text[i] == '/';
    if (slash) ++i;
    const auto b = slash ? digits(header.text, i) : std::nullopt;
    if (!a || !b || i >= header.text.size() || header.text[i] != ':')
      fail(header, kStepPrefix.size() + 1, "expected '-- step " + number + ": <summary>'");
    if (static_cast<std::size_t>(*a) != k || static_cast<std::size_t>(*b) != n)
      fail(header, kStepPrefix.size() + 1,
           "step numbering out of order: expected step " + number + ", found " +
               std::to_string(*a) + "/" + std::to_string(*b));
    ++i;
    if (i >= header.text.size()) return {};
    if (header.text[i] != ' ') fail(header, i + 1, "expected a space after ':'");
    return escaped(header, i + 1);
  }

  // The hazard, lock and directive lines after the step line; the sql-lines count if given.
  std::optional<long long> parse_step_comments(Step& step) {
    std::optional<long long> sql_lines;
    bool transactional_seen = false;
    bool lock_seen = false;
    while (!at_end() &&
           (starts_with(cur_.text, kHazardPrefix) || starts_with(cur_.text, kLockPrefix) ||
            starts_with(cur_.text, kDirectivePrefix))) {
      const Line line = take();
      if (starts_with(line.text, kLockPrefix)) {
        if (lock_seen) fail(line, 1, "duplicate '-- lock: ...'");
        lock_seen = true;
        step.lock = escaped(line, kLockPrefix.size());
        if (step.lock.empty())
          fail(line, kLockPrefix.size() + 1, "expected the lock the step takes");
        continue;
      }
      if (starts_with(line.text, kHazardPrefix)) {
        step.hazards.push_back(parse_hazard(line));
        continue;
      }
      const std::string_view directive = line.text.substr(kDirectivePrefix.size());
      const std::size_t column = kDirectivePrefix.size() + 1;
      if (directive == kNotTransactional) {
        if (transactional_seen) fail(line, column, "duplicate '-- recon: not-transactional'");
        transactional_seen = true;
        step.transactional = false;
      } else if (starts_with(directive, kSqlLines)) {
        if (sql_lines) fail(line, column, "duplicate '-- recon: sql-lines'");
        std::size_t j = kSqlLines.size();
        sql_lines = digits(directive, j);
        if (!sql_lines || *sql_lines < 1 || j != directive.size())
          fail(line, column + kSqlLines.size(), "expected the number of lines of the step's SQL");
      } else {
        fail(line, column,
             "unknown directive '" + excerpt(directive) +
                 "': expected 'not-transactional' or 'sql-lines N'");
      }
    }
    return sql_lines;
  }

  // "-- hazard <kind>: <reason>"
  Hazard parse_hazard(const Line& line) {
    const std::size_t start = kHazardPrefix.size();
    const std::size_t colon = line.text.find(':', start);
    if (colon == std::string_view::npos)
      fail(line, start + 1, "expected '-- hazard <kind>: <reason>'");
    Hazard hazard;
    hazard.kind = std::string(line.text.substr(start, colon - start));
    if (!is_hazard_kind(hazard.kind)) fail(line, start + 1, "a hazard kind is made of [a-z0-9-]");
    if (colon + 1 < line.text.size()) {
      if (line.text[colon + 1] != ' ') fail(line, colon + 2, "expected a space after ':'");
      hazard.reason = escaped(line, colon + 2);
    }
    return hazard;
  }

  // The step's SQL when a directive counts its lines (some start with "--"), and the blank
  // line after it.
  std::string counted_sql(long long lines, const std::string& number) {
    const std::size_t sql_start = pos_;
    Line line;
    for (long long count = 0; count < lines; ++count) {
      if (at_end())
        fail(line_, 1,
             "unexpected end of file in the SQL of step " + number + " (is the file truncated?)");
      line = take();
    }
    expect_blank("after the SQL of step " + number);
    return std::string(text_.substr(sql_start, line.start + line.text.size() - sql_start));
  }

  // The step's SQL up to the blank line before the next step or the checksum line.
  std::string sql_before_next_step(const std::string& number) {
    const std::size_t sql_start = pos_;
    std::optional<Line> last;
    while (true) {
      if (at_end())
        fail(line_, 1, "unexpected end of file in step " + number + " (is the file truncated?)");
      if (starts_with(cur_.text, kStepPrefix) || starts_with(cur_.text, kChecksumPrefix)) break;
      last = take();
    }
    if (!last || last->start == sql_start)
      fail(cur_, 1, "expected the SQL of step " + number + " before this line");
    if (!last->text.empty()) fail(cur_, 1, "expected a blank line before this line");
    return std::string(text_.substr(sql_start, last->start - 1 - sql_start));
  }

  std::string escaped(const Line& line, std::size_t offset) {
    std::string out;
    if (const auto error = unescape_comment_text(line.text.substr(offset), out))
      fail(line, offset + error->offset + 1, error->message);
    return out;
  }

  // What parsed must be what recon would write: anything else (a reordered header line, a
  // summary line that does not match its step, a non-canonical escape...) is an error.
  void check_canonical(const Revision& r, std::size_t body_end) {
    std::string expected;
    try {
      expected = render_body(r);
    } catch (const std::invalid_argument& e) {
      fail(1, 1, e.what());
    }
    const std::string_view actual = text_.substr(0, body_end);
    if (actual == expected) return;
    std::size_t i = 0;
    while (i < actual.size() && i < expected.size() && actual[i] == expected[i]) ++i;
    const auto [line, column] = position(i);
    const std::size_t line_start = i - static_cast<std::size_t>(column - 1);
    const std::size_t line_end = std::min(expected.find('\n', line_start), expected.size());
    const std::string_view expected_line =
        line_start <= expected.size()
            ? std::string_view(expected).substr(line_start, line_end - line_start)
            : std::string_view();
    fail(line, column,
         "this is not how recon writes this revision (was it edited by hand?): expected '" +
             excerpt(expected_line) + "'");
  }
};

}  // namespace
}  // namespace revision_layout

Revision parse_revision(std::string_view text, const std::filesystem::path& file) {
  return revision_layout::Parser(text, file).parse();
}

}  // namespace recon
