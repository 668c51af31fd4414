// Column types checked before the dev database sees them: Postgres reports only the first
// unknown type of a whole declaration, at the table, with no suggestion. Here every type that
// is certainly unknown (not built in, not the project's own, not a type of an extension the
// project installs) is reported at its column, with the type meant when it can be guessed
// ("datetime": timestamptz). A type that cannot be judged here (another schema's, an
// extension recon does not know) is left to the dev database.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace recon::declare {

// What a column's type is, as far as its text shows without a database.
struct TypeVerdict {
  bool known = true;       // false: Postgres would say the type does not exist
  std::string suggestion;  // "timestamptz", or "" when nothing is close
  std::string extension;   // the extension that has the type, which the project does not install
};

// The types the project makes (enums, domains, and the row type of every relation), by their
// exact names, and the extensions it installs.
struct ProjectTypes {
  std::string schema;
  std::set<std::string> names;
  std::vector<std::string> extensions;
};

// The multirange type Postgres makes with range type `range` when not told its name: the first
// "range" of the name becomes "multirange", or "_multirange" is appended.
std::string default_multirange_name(const std::string& range);

// nullopt when `type` cannot be judged here; otherwise whether it names a type.
std::optional<TypeVerdict> judge_type(const std::string& type, const ProjectTypes& project);

// For a type of an extension installed in another schema ("public.cube", "public.cube[]"),
// that schema and the extension: a scratch database needs them for the type to exist there.
struct ForeignExtensionType {
  std::string schema;
  std::string extension;
  auto operator<=>(const ForeignExtensionType&) const = default;
};
std::optional<ForeignExtensionType> foreign_extension_type(const std::string& type,
                                                           const std::string& own_schema);

}  // namespace recon::declare
