// Enum types with their labels in sort order (the order ALTER TYPE ... ADD VALUE BEFORE gives,
// not the order of creation).
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {

void load_enums(Session& session) {
  const auto rows = session.query(fmt::format(R"(
    SELECT t.typnamespace AS nsp, t.typname AS name, d.description AS comment,
           array_to_json(ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid
                               ORDER BY e.enumsortorder)) AS labels
    FROM pg_type t
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid AND d.objsubid = 0
    WHERE t.typtype = 'e' AND t.typnamespace = ANY ({}) AND {})",
                                              session.namespaces(),
                                              Session::not_in_extension("pg_type", "t.oid")));
  for (const auto& row : rows) {
    EnumType type;
    type.name = row["name"].as<std::string>();
    type.values = json_strings(row["labels"]);
    type.comment = optional_text(row["comment"]);
    session.catalog(row).enums[type.name] = std::move(type);
  }
}

}  // namespace recon::introspect::detail
