// Range types: [ranges.NAME] with the options of CREATE TYPE ... AS RANGE.
#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"
#include "declare/type_names.hpp"

namespace recon::declare {

std::string default_multirange_name(const std::string& range) {
  std::string name = range;
  const auto at = name.find("range");
  if (at != std::string::npos) return name.replace(at, 5, "multirange");
  return name + "_multirange";
}

void read_range(const Named& named, const std::string& file, Catalog& out,
                Diagnostics& diagnostics) {
  const Fields f(named.body, "range type '" + named.name + "'", keys::range, file, diagnostics);
  RangeType range;
  range.name = named.name;
  range.where = named.where;
  range.subtype = f.required_sql("subtype");
  range.subtype_opclass = f.sql("subtype_opclass");
  range.collation = f.sql("collation");
  range.subtype_diff = f.sql("subtype_diff");
  if (auto multirange = f.located_text("multirange_type_name")) {
    check_name(multirange->value, "multirange type name", multirange->where, diagnostics);
    range.multirange = multirange->value;
  }
  range.comment = f.comment();
  out.ranges.emplace(named.name, std::move(range));
}

}  // namespace recon::declare
