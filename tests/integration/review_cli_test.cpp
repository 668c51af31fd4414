// Reviewing and discovering recon from the command line: `recon show` for pull-request comments,
// --format honoured or refused by every command, every command's help listing the common
// options, and the man page and shell completions generated from the same definition.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/exit_codes.hpp"
#include "support/apply_fixture.hpp"
#include "support/shell.hpp"
#include "support/source_root.hpp"
#include "support/test_database.hpp"

namespace fs = std::filesystem;
using namespace recon;
using namespace recon::testing;

namespace {

// Revision 2 carries a hazard whose reason and summary hold Markdown and HTML.
void build_shop(TempWorkspace& ws) {
  ChainBuilder chain(ws, "shop", "Shop");
  chain.add("initial", {make_step("+ schema Shop", "CREATE SCHEMA IF NOT EXISTS \"Shop\";"),
                        make_step("+ table orders", "CREATE TABLE orders (id int, note text);")});
  chain.add("drop_note",
            {make_step("- column orders.note | `x`", "ALTER TABLE orders DROP COLUMN note;",
                       {{hazard::data_loss, "drops <b>note</b> and its *rows*"}})});
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The commands `recon --help` lists.
std::vector<std::string> commands() {
  const auto help = run_recon({"--help"});
  std::istringstream in(help.out);
  std::vector<std::string> out;
  bool listing = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("Subcommands:")) {
      listing = true;
      continue;
    }
    if (listing && line.starts_with("  ")) out.push_back(words(line).front());
  }
  REQUIRE(out.size() >= 12);
  return out;
}

}  // namespace

TEST_CASE("recon show: a committed revision for a pull-request comment", "[review][cli]") {
  TempWorkspace ws;
  build_shop(ws);
  const std::vector<std::string> root = {"--root", ws.root().string()};
  const auto md = run_recon(with(root, {"show", "shop", "--format", "markdown"}));
  INFO(md.err);
  REQUIRE(md.exit_code == 0);
  CHECK_THAT(md.out, Catch::Contains("#### `shop` revision 0002 `drop_note`"));
  CHECK_THAT(md.out, Catch::Contains("after revision 0001"));
  CHECK_THAT(md.out, Catch::Contains("| # | change | hazards |"));
  // A '|' in a summary stays in its cell; backticks in it do not end the code span.
  CHECK_THAT(md.out, Catch::Contains("| 1 | `` - column orders.note \\| `x` `` | data-loss |"));
  // The reason, its markup escaped.
  CHECK_THAT(md.out,
             Catch::Contains("**data-loss**: drops \\<b\\>note\\</b\\> and its \\*rows\\*"));
  CHECK_THAT(md.out,
             Catch::Contains("<details>\n<summary>SQL of revision 0002 (1 step)</summary>"));
  CHECK_THAT(md.out, Catch::Contains("```sql\n"));
  CHECK_THAT(md.out, Catch::Contains("ALTER TABLE orders DROP COLUMN note;"));
  CHECK_THAT(md.out, Catch::Contains("</details>"));
  CHECK_THAT(md.out, !Catch::Contains("revision 0001 `initial`"));

  // By file, several at once; JSON carries the reasons.
  const auto files = fs::directory_iterator(ws.plans_dir("shop"));
  std::vector<std::string> paths;
  for (const auto& f : files) paths.push_back(f.path().string());
  std::sort(paths.begin(), paths.end());
  auto show_json = with(root, {"--format", "json", "show"});
  show_json.insert(show_json.end(), paths.begin(), paths.end());
  const auto js = run_recon(show_json);
  REQUIRE(js.exit_code == 0);
  const auto parsed = nlohmann::json::parse(js.out);
  REQUIRE(parsed["revisions"].size() == 2);
  CHECK(parsed["revisions"][1]["number"] == 2);
  CHECK(parsed["revisions"][1]["steps"][0]["hazards"][0]["reason"] ==
        "drops <b>note</b> and its *rows*");
  CHECK(parsed["revisions"][1]["parent"]["number"] == 1);

  // Text: the file itself.
  const auto text = run_recon(with(root, {"show", "shop", "1"}));
  CHECK(text.exit_code == 0);
  CHECK(text.out == read_text(paths[0]));

  CHECK(run_recon(with(root, {"show", "shop", "7"})).exit_code == exit_code::invalid_input);
  std::ofstream(paths[1], std::ios::app) << "-- edited\n";
  const auto edited = run_recon(with(root, {"show", paths[1]}));
  CHECK(edited.exit_code == exit_code::invalid_input);
}

TEST_CASE("plan --check --format markdown shows the SQL and the hazards' reasons",
          "[review][cli]") {
  TempWorkspace ws;
  std::ofstream(ws.root() / "schemas" / "shop.toml")
      << "schema = \"Shop\"\n[tables.orders]\n[[tables.orders.columns]]\nname = \"id\"\ntype = "
         "\"int\"\n";
  const auto md = run_recon({"plan", "--check", "--format", "markdown", "--root",
                             ws.root().string(), "--dev-url", server_url()});
  CHECK(md.exit_code == exit_code::changes);
  CHECK_THAT(md.out, Catch::Contains("#### `shop` revision 0001 `initial`"));
  CHECK_THAT(md.out, Catch::Contains("<details>"));
  CHECK_THAT(md.out, Catch::Contains("CREATE TABLE orders"));
}

TEST_CASE("every --format of every command is honoured or refused", "[review][cli]") {
  TempWorkspace ws;
  build_shop(ws);
  std::ofstream(ws.root() / "schemas" / "shop.toml")
      << "schema = \"Shop\"\n[tables.orders]\n[[tables.orders.columns]]\nname = \"id\"\ntype = "
         "\"int\"\n";
  TestDatabase db;
  const std::vector<std::string> common = {"--root", ws.root().string(), "--db",
                                           db.url(), "--dev-url",        server_url()};
  // The database has applied the revisions: `plan --db` plans on top of the last one.
  const auto applied = run_recon(with(common, {"apply", "--allow-hazards", "data-loss"}));
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  std::ifstream in(source_root() / "tests" / "data" / "format_cases.tsv");
  REQUIRE(in);
  std::set<std::string> covered;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with("#")) continue;
    std::vector<std::string> columns;
    for (std::size_t at = 0;;) {
      const auto tab = line.find('\t', at);
      columns.push_back(line.substr(at, tab - at));
      if (tab == std::string::npos) break;
      at = tab + 1;
    }
    REQUIRE(columns.size() == 3);
    const auto args = words(columns[0]);
    covered.insert(args.front());
    for (const auto& [format, expected] : {std::pair{std::string("json"), columns[1]},
                                           std::pair{std::string("markdown"), columns[2]}}) {
      INFO(columns[0] << " --format " << format);
      // After the command, and before it (where the option belongs to recon itself).
      const auto after = run_recon(with(with(common, args), {"--format", format}));
      const auto before = run_recon(with(with(common, {"--format", format}), args));
      INFO(after.err);
      if (expected == "refused") {
        CHECK(after.exit_code == exit_code::usage);
        CHECK(before.exit_code == exit_code::usage);
        CHECK_THAT(before.err, Catch::Contains("is not one this command prints"));
        continue;
      }
      CHECK(after.exit_code != exit_code::usage);
      if (expected == "json") CHECK_NOTHROW(nlohmann::json::parse(after.out));
      if (expected == "markdown") CHECK(after.out.starts_with("### "));
      CHECK(before.out == after.out);
    }
  }
  for (const auto& command : commands()) {
    INFO(command << " has no line in tests/data/format_cases.tsv");
    CHECK(covered.count(command) == 1);
  }
}

TEST_CASE("every command's help lists its options and the common ones", "[review][cli]") {
  for (const auto& command : commands()) {
    const auto help = run_recon({command, "--help"});
    INFO(command << ":\n" << help.out);
    CHECK(help.exit_code == 0);
    for (const char* option : {"--db", "--dev-url", "--root", "--format", "--no-color"})
      CHECK_THAT(help.out, Catch::Contains(option));
  }
  const auto apply = run_recon({"apply", "--help"});
  CHECK_THAT(apply.out, Catch::Contains("--wait-lock"));
  CHECK_THAT(apply.out, Catch::Contains("FORMAT:{text,json}"));
}

TEST_CASE("the man page and the completions are generated from the command line", "[review][cli]") {
  const auto man = run_recon({"man"});
  REQUIRE(man.exit_code == 0);
  const auto bash = run_recon({"completion", "bash"});
  REQUIRE(bash.exit_code == 0);
  const auto zsh = run_recon({"completion", "zsh"});
  REQUIRE(zsh.exit_code == 0);
  CHECK(zsh.out.starts_with("#compdef recon\n"));
  for (const auto& command : commands()) {
    INFO(command);
    CHECK_THAT(man.out, Catch::Contains(".SS \\fBrecon " + command + "\\fR"));
    CHECK_THAT(zsh.out, Catch::Contains("\n    '" + command + ":"));
  }
  CHECK_THAT(man.out, Catch::Contains("\\fB\\-\\-wait\\-lock\\fR"));
  CHECK_THAT(zsh.out, Catch::Contains("'--wait-lock["));
  // The build generated them (packaging/meson.build), as meson install installs them.
  const fs::path generated = fs::path(recon_binary()).parent_path() / "packaging";
  CHECK(read_text(generated / "recon.1") == man.out);
  CHECK(read_text(generated / "recon") == bash.out);
  CHECK(read_text(generated / "_recon") == zsh.out);

  // The bash completion, sourced and asked as bash asks it.
  TempWorkspace ws;
  std::ofstream(ws.root() / "schemas" / "shop.toml") << "schema = \"Shop\"\n";
  std::ofstream(ws.root() / "completion.bash") << bash.out;
  const auto complete = [&](const std::string& line) {
    const auto result = run_script(ws.root(), {},
                                   "set +e; source ./completion.bash; COMP_WORDS=(" + line +
                                       "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); "
                                       "_recon; printf '%s\\n' \"${COMPREPLY[@]}\"");
    INFO(result.output);
    REQUIRE(result.status == 0);
    return result.output;
  };
  CHECK(complete("recon ap") == "apply\n");
  CHECK_THAT(complete("recon apply --wa"), Catch::Contains("--wait-lock\n"));
  CHECK(complete("recon status --format ''") == "text\njson\nmarkdown\n");
  CHECK(complete("recon show sh") == "shop\n");
}
