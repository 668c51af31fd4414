// What a column type change costs: a rewrite, a lock, and possibly values that no longer fit.
#include <regex>

#include "diff/context.hpp"

namespace recon::diff {
namespace {

struct TypeShape {
  std::string base;  // "character varying", "numeric", "integer", ...
  int length = -1;   // varchar(n), char(n), bit(n): n; numeric(p,s): p
  int scale = -1;    // numeric(p,s): s
};

TypeShape shape_of(const std::string& type) {
  static const std::regex with_modifier(R"(^([a-z ]+)\((\d+)(?:,(\d+))?\)$)");
  std::smatch m;
  if (std::regex_match(type, m, with_modifier)) {
    return {m[1].str(), std::stoi(m[2].str()), m[3].matched ? std::stoi(m[3].str()) : -1};
  }
  return {type};
}

int integer_rank(const std::string& base) {
  if (base == "smallint") return 1;
  if (base == "integer") return 2;
  if (base == "bigint") return 3;
  return 0;
}

bool is_text(const std::string& base) {
  return base == "text" || base == "character varying";
}

// Binary-coercible changes Postgres makes without touching the rows.
bool needs_no_rewrite(const TypeShape& from, const TypeShape& to) {
  if (from.base == "character varying" && to.base == "character varying") {
    return to.length == -1 || (from.length != -1 && to.length >= from.length);
  }
  if (from.base == "character varying" && to.base == "text") return true;
  if (from.base == "text" && to.base == "character varying" && to.length == -1) return true;
  if (from.base == "numeric" && to.base == "numeric") {
    return to.length == -1 ||
           (from.length != -1 && to.scale == from.scale && to.length >= from.length);
  }
  return false;
}

bool may_lose_data(const TypeShape& from, const TypeShape& to) {
  if (is_text(from.base) && to.base == "character varying" && to.length != -1) {
    return from.length == -1 || to.length < from.length;
  }
  if (from.base == "numeric" && to.base == "numeric" && to.length != -1) {
    return from.length == -1 || to.length - to.scale < from.length - from.scale ||
           to.scale < from.scale;
  }
  const int a = integer_rank(from.base), b = integer_rank(to.base);
  if (a && b) return b < a;
  if (a && to.base == "numeric") return false;
  if (from.base == "timestamp with time zone" && to.base == "date") return true;
  if (from.base == "timestamp without time zone" && to.base == "date") return true;
  if ((from.base == "double precision" || from.base == "numeric") && (b || to.base == "real"))
    return true;
  return false;
}

}  // namespace

std::vector<Hazard> type_change_hazards(const std::string& table, const Column& before,
                                        const Column& after) {
  const TypeShape from = shape_of(before.type), to = shape_of(after.type);
  std::vector<Hazard> hazards;
  const std::string column = table + "." + after.name;
  if (may_lose_data(from, to)) {
    hazards.push_back({hazard::data_loss, before.type + " to " + after.type +
                                              " may truncate or reject values of " + column});
  }
  if (!needs_no_rewrite(from, to) || before.collation != after.collation) {
    hazards.push_back({hazard::table_rewrite, "rewrites " + table + " and rebuilds its indexes"});
    hazards.push_back({hazard::access_exclusive_lock,
                       "blocks reads and writes of " + table + " during the rewrite"});
  }
  return hazards;
}

}  // namespace recon::diff
