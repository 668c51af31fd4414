// Views and materialized views.
#include "declare/keys.hpp"
#include "declare/read.hpp"

namespace recon::declare {

void read_view(const Named& named, const std::string& file, Catalog& out,
               Diagnostics& diagnostics) {
  const Fields f(named.body, "view '" + named.name + "'", keys::view, file, diagnostics);
  View view;
  view.name = named.name;
  view.where = named.where;
  view.definition = f.required_sql("query", SqlShape::clause);
  view.materialized = f.flag("materialized").value_or(false);
  view.comment = f.comment();
  if (f.get("indexes") && !view.materialized)
    f.error(f.where("indexes"), "view '" + named.name +
                                    "' has indexes, but only a materialized view can: set "
                                    "materialized = true");
  // A view's columns come from its query, which recon does not parse: index columns are
  // left for Postgres to check.
  for_each_element(f, "indexes", false, [&](const toml::node& element, std::size_t ordinal) {
    const std::string what = describe_element("index", element, ordinal, f.what());
    view.indexes.push_back(read_index(*element.as_table(), what, file, diagnostics).index);
  });
  read_triggers(f, view.triggers);
  out.views.emplace(named.name, std::move(view));
}

}  // namespace recon::declare
