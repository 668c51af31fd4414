#include "cli/unsupported_way_out.hpp"

#include <algorithm>
#include <map>

namespace recon::cli {
namespace {

// A new database is made from the revisions: what is not declared reaches it only as SQL of
// the user's own in a revision.
constexpr const char* kByHand =
    "to have new databases get it too, put its SQL in a revision as a step of your own (recon "
    "plan PROJECT --with FILE.sql, docs/data.md)";

struct WayOut {
  std::string why;  // why recon cannot declare it, and what it does instead
  std::string what_to_do;
};

const std::map<std::string, WayOut>& ways_out() {
  static const std::map<std::string, WayOut> ways = {
      {"function", {"its body is a symbol of a shared library (language C or internal)", kByHand}},
      {"procedure", {"its body is a symbol of a shared library (language C or internal)", kByHand}},
      {"window function", {"window functions are written in C", kByHand}},
      {"aggregate",
       {"only plain aggregates are declared (not ordered-set, moving or serialized ones)",
        kByHand}},
      {"rule",
       {"rules are not declared",
        "a trigger (declared under the table) or a view does the same in most cases; or, " +
            std::string(kByHand)}},
      {"extended statistics", {"CREATE STATISTICS objects are not declared", kByHand}},
      {"foreign table",
       {"foreign tables are not declared",
        "ignore it (as below): no declaration can then claim its name; " + std::string(kByHand)}},
      {"typed table",
       {"it is declared as a plain table, without OF TYPE",
        "ignore it (as below) to keep it out of the declaration; " + std::string(kByHand)}},
      {"table inheritance",
       {"it is declared as a plain table with all its columns, without INHERITS",
        "ignore it (as below) to keep it out of the declaration; " + std::string(kByHand)}},
      {"relation options",
       {"storage parameters (WITH (...)) are not declared: recon neither sets nor resets them",
        kByHand}},
      {"view column default", {"defaults of view columns are not declared", kByHand}},
      {"column storage",
       {"STORAGE, COMPRESSION, statistics targets and attribute options are not declared: "
        "recon neither sets nor resets them",
        kByHand}},
      {"partition column",
       {"a partition's columns are declared as its parent's; this one's NOT NULL or default "
        "differs",
        kByHand}},
      {"base type",
       {"base types are written in C", "create it with an extension, or " + std::string(kByHand)}},
      {"pseudo type", {"pseudo types are written in C", kByHand}},
      {"range type",
       {"a range type with a canonical function (written in C) is not declared", kByHand}},
      {"operator", {"operators are not declared", kByHand}},
      {"operator class", {"operator classes are not declared", kByHand}},
      {"operator family", {"operator families are not declared", kByHand}},
      {"conversion", {"encoding conversions are written in C", kByHand}},
      {"text search parser", {"text search parsers are written in C", kByHand}},
      {"text search template", {"text search templates are written in C", kByHand}},
  };
  return ways;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string unsupported_way_out(const UnsupportedObject& object) {
  if (object.kind.starts_with("partition ") && object.kind != "partition column")
    return "  recon declares a partition only in its parent's schema: to manage " + object.name +
           ", move it there (ALTER TABLE ... SET SCHEMA); as it is, no plan creates, changes or "
           "drops it";
  const auto found = ways_out().find(object.kind);
  std::string out = found == ways_out().end() ? "" : "  " + found->second.why + ".\n";
  if (found != ways_out().end()) out += "  Way out: " + found->second.what_to_do + ".\n";
  return out + "  To quiet this warning: ignore = [\"" + object.name + "\"] in the project's TOML.";
}

bool quieted(const UnsupportedObject& object, const std::vector<std::string>& ignored) {
  if (contains(ignored, object.name)) return true;
  // "todos.protect": an object of an ignored relation.
  const auto dot = object.name.find('.');
  return dot != std::string::npos && contains(ignored, object.name.substr(0, dot));
}

}  // namespace recon::cli
