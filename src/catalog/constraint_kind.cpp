#include "catalog/constraint_kind.hpp"

#include <array>
#include <string_view>

namespace recon {
namespace {

constexpr std::array kKinds = {ConstraintKind::primary_key, ConstraintKind::unique,
                               ConstraintKind::foreign_key, ConstraintKind::check,
                               ConstraintKind::exclude};

// In the order of the enumerators.
constexpr std::array<ConstraintKindWords, kKinds.size()> kWords = {{
    {"primary key", "primary key", "primary key", "pkey"},
    {"unique", "unique", "unique constraint", "key"},
    {"foreign key", "foreign key", "foreign key", "fkey"},
    {"check", "check", "check", "check"},
    {"exclude", "exclusion", "exclusion constraint", "excl"},
}};

}  // namespace

const ConstraintKindWords& words(ConstraintKind kind) {
  return kWords.at(static_cast<std::size_t>(kind));
}

const ConstraintKind* constraint_kind_named(std::string_view canonical) {
  for (const auto& kind : kKinds)
    if (canonical == words(kind).canonical) return &kind;
  return nullptr;
}

bool has_index(ConstraintKind kind) {
  return kind == ConstraintKind::primary_key || kind == ConstraintKind::unique ||
         kind == ConstraintKind::exclude;
}

}  // namespace recon
