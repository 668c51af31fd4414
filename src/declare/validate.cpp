// The last step of reading a project: defaults, then the checks that span objects.
#include <algorithm>

#include "declare/declaration.hpp"
#include "declare/names.hpp"

namespace recon::declare {
namespace {

void check_schema_name(const std::string& name, const SourceLocation& where,
                       Diagnostics& diagnostics) {
  if (!check_name(name, "schema name", where, diagnostics)) return;
  if (name.starts_with("pg_"))
    diagnostics.error(where, "schema name '" + name +
                                 "' is reserved: Postgres keeps names starting with pg_ for "
                                 "system schemas");
}

void check_ignored(const Declaration& declaration, Diagnostics& diagnostics) {
  const Catalog& catalog = declaration.catalog;
  for (const std::string& name : catalog.ignored) {
    const SourceLocation* declared = nullptr;
    if (auto t = catalog.tables.find(name); t != catalog.tables.end()) declared = &t->second.where;
    if (auto v = catalog.views.find(name); v != catalog.views.end()) declared = &v->second.where;
    if (auto s = catalog.sequences.find(name); s != catalog.sequences.end())
      declared = &s->second.where;
    if (declared)
      diagnostics.error(declaration.ignore->where,
                        "'" + name + "' is ignored, but also declared (" + describe(*declared) +
                            "): recon cannot both manage and ignore it");
  }
}

}  // namespace

void complete(Declaration& declaration, const std::string& default_schema,
              const std::string& origin, Diagnostics& diagnostics) {
  Catalog& catalog = declaration.catalog;
  if (declaration.schema) {
    catalog.schema = declaration.schema->value;
    check_schema_name(catalog.schema, declaration.schema->where, diagnostics);
  } else {
    catalog.schema = default_schema;
    check_schema_name(catalog.schema, SourceLocation{origin, 0, 0}, diagnostics);
  }
  if (declaration.comment && !declaration.comment->value.empty())
    catalog.schema_comment = declaration.comment->value;
  if (declaration.ignore) {
    catalog.ignored = sorted_unique(declaration.ignore->value);
    check_ignored(declaration, diagnostics);
  }
  if (declaration.extensions) catalog.extensions = sorted_unique(declaration.extensions->value);
  check_namespaces(declaration, diagnostics);
  check_references(declaration, diagnostics);
  check_type_names(declaration, diagnostics);
  check_privileges(declaration, diagnostics);
}

}  // namespace recon::declare
