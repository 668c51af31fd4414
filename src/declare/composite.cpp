// Composite types: [composites.NAME] with its attributes in order.
#include <unordered_map>

#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

CompositeAttribute read_attribute(const toml::node& node, const Fields& type, std::size_t ordinal) {
  const Fields f(*node.as_table(), describe_element("attribute", node, ordinal, type.what()),
                 keys::composite_attribute, type.file(), type.diagnostics());
  CompositeAttribute attribute;
  attribute.where = f.where();
  if (auto name = f.located_text("name")) {
    check_name(name->value, "attribute name", name->where, f.diagnostics());
    attribute.name = name->value;
  } else if (!f.get("name")) {
    f.missing("name");
  }
  attribute.type = f.required_sql("type");
  attribute.collation = f.sql("collation");
  attribute.comment = f.comment();
  attribute.renamed_from = read_renamed_from(f);
  return attribute;
}

}  // namespace

void read_composite(const Named& named, const std::string& file, Catalog& out,
                    Diagnostics& diagnostics) {
  const Fields f(named.body, "composite type '" + named.name + "'", keys::composite, file,
                 diagnostics);
  CompositeType type;
  type.name = named.name;
  type.where = named.where;
  type.comment = f.comment();
  if (!f.get("attributes")) f.missing("attributes");
  std::unordered_map<std::string, SourceLocation> seen;
  for_each_element(f, "attributes", false, [&](const toml::node& node, std::size_t ordinal) {
    CompositeAttribute attribute = read_attribute(node, f, ordinal);
    if (!attribute.name.empty()) {
      auto [first, inserted] =
          seen.emplace(std::string(truncated(attribute.name)), attribute.where);
      if (!inserted)
        f.error(attribute.where, "attribute '" + attribute.name + "' appears twice " + f.context() +
                                     " (first at " + describe(first->second) + ")");
    }
    type.attributes.push_back(std::move(attribute));
  });
  out.composites.emplace(named.name, std::move(type));
}

}  // namespace recon::declare
