// Hand-written steps (plan/hand_written.hpp): the directives read from a file (the cases are
// in data/hand_written_directives.txt), and where the steps are placed among generated changes.

#include <catch2/catch.hpp>

#include "catalog/diagnostic.hpp"
#include "plan/hand_written.hpp"
#include "plan/order.hpp"
#include "support/text_cases.hpp"

using namespace recon;

namespace {

std::vector<std::string> what_was_read(const std::string& text) {
  std::vector<std::string> out;
  try {
    const auto step = plan::parse_hand_written(text, "step.sql");
    for (const auto& anchor : step.anchors)
      out.push_back((anchor.after ? "after " : "before ") + anchor.summary);
    if (!step.transactional) out.emplace_back("not-transactional");
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) out.push_back("error " + d.to_string());
  }
  return out;
}

Change generated_change(ChangeKind kind, const std::string& summary) {
  Change c;
  c.kind = kind;
  c.summary = summary;
  c.object = summary.substr(
      2, summary.find(':') == std::string::npos ? std::string::npos : summary.find(':') - 2);
  return c;
}

plan::HandWritten hand_written_step(const std::string& name, const std::string& text) {
  return plan::parse_hand_written(text, name);
}

std::vector<std::string> summaries_in_order(std::vector<Change> changes) {
  std::vector<std::string> out;
  for (const auto& c : plan::order(std::move(changes)).changes) out.push_back(c.summary);
  return out;
}

std::string placement_error(const std::vector<Change>& changes,
                            const std::vector<plan::HandWritten>& steps) {
  try {
    plan::with_hand_written(changes, steps);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("hand-written step files: the directives read, the errors located", "[hand-written]") {
  const auto cases = recon::testing::read_text_cases("hand_written_directives.txt");
  REQUIRE(cases.size() >= 7);
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK(what_was_read(c.input) == c.expected);
  }
}

TEST_CASE("hand-written steps keep the file as written, without trailing blank lines",
          "[hand-written]") {
  const auto s = hand_written_step("fill.sql", "-- recon: not-transactional\nSELECT 1;\n\n  \n");
  CHECK(s.sql == "-- recon: not-transactional\nSELECT 1;");
  CHECK(s.name == "fill.sql");
}

TEST_CASE("hand-written steps are placed by their anchors, drops after them", "[hand-written]") {
  const std::vector<Change> changes{
      generated_change(ChangeKind::add_column, "+ column users.status"),
      generated_change(ChangeKind::drop_column, "- column users.is_active"),
      generated_change(ChangeKind::create_index, "+ index users_email_idx"),
  };
  SECTION("without an anchor: after what it need not precede, before the drops") {
    CHECK(summaries_in_order(
              plan::with_hand_written(changes, {hand_written_step("a.sql", "SELECT 1;")})) ==
          std::vector<std::string>{"+ column users.status", "+ index users_email_idx",
                                   "! sql a.sql", "- column users.is_active"});
  }
  SECTION("before a step, and in the order given") {
    const auto placed = plan::with_hand_written(
        changes, {hand_written_step("a.sql", "-- recon: before + column users.status\nSELECT 1;"),
                  hand_written_step("b.sql", "SELECT 2;")});
    CHECK(summaries_in_order(placed) ==
          std::vector<std::string>{"+ index users_email_idx", "! sql a.sql",
                                   "+ column users.status", "! sql b.sql",
                                   "- column users.is_active"});
  }
  SECTION("after a drop it asks for") {
    const auto placed = plan::with_hand_written(
        changes,
        {hand_written_step("a.sql", "-- recon: after - column users.is_active\nSELECT 1;")});
    CHECK(summaries_in_order(placed) ==
          std::vector<std::string>{"- column users.is_active", "+ column users.status",
                                   "+ index users_email_idx", "! sql a.sql"});
  }
  SECTION("an anchor naming several steps lists them") {
    const std::vector<Change> three{
        generated_change(ChangeKind::alter_column, "~ column users.status: not null check"),
        generated_change(ChangeKind::alter_column, "~ column users.status: set not null")};
    const auto error = placement_error(
        three, {hand_written_step("a.sql", "-- recon: after ~ column users.status\nSELECT 1;")});
    CHECK_THAT(error, Catch::Contains("a.sql:1:17: '~ column users.status' names 2 steps of the "
                                      "plan: write the whole summary of one of them\n"
                                      "  ~ column users.status: not null check\n"
                                      "  ~ column users.status: set not null"));
  }
  SECTION("two steps of the same name") {
    CHECK_THAT(placement_error(changes, {hand_written_step("a.sql", "SELECT 1;"),
                                         hand_written_step("a.sql", "SELECT 2;")}),
               Catch::Contains("a second hand-written step named a.sql"));
  }
  SECTION("a plan without other steps has nothing to anchor to") {
    CHECK_THAT(placement_error(
                   {}, {hand_written_step("a.sql", "-- recon: after + column x.y\nSELECT 1;")}),
               Catch::Contains("the plan has no other step (leave the anchor out)"));
  }
}
