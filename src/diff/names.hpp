// The walk over two name-sorted collections of a Catalog (tables, enums, domains, sequences,
// views: std::map by name): the names only one side has, and those both have, each in name
// order. What each diff_*.cpp does with them is its own; which names fall where is this.
#pragma once

#include <range/v3/view/map.hpp>
#include <range/v3/view/set_algorithm.hpp>

namespace recon::diff {

// The names of `side` that `other` lacks: created when `side` is the target, dropped when it
// is the source.
template <typename Map>
auto names_only_in(const Map& side, const Map& other) {
  return ranges::views::set_difference(side | ranges::views::keys, other | ranges::views::keys);
}

// The names both have: the objects that may be altered.
template <typename Map>
auto names_in_both(const Map& from, const Map& to) {
  return ranges::views::set_intersection(to | ranges::views::keys, from | ranges::views::keys);
}

}  // namespace recon::diff
