// What a diff says about renames: those declared (renamed_from) break the running version of
// the application; those not declared look like a drop and an add, which lose the values.
#include "diff/context.hpp"
#include "run/hazard.hpp"

namespace recon::diff {

Hazard renamed_under_running_application(const std::string& old_name, const std::string& what) {
  return {hazard::backward_incompatible,
          "the version of the application running now still uses the name " + old_name +
              " and fails on " + what +
              " until the new version is deployed (add the new name alongside the old one "
              "first if they must run side by side)"};
}

std::string maybe_renamed(const std::string& kind, const std::string& dropped,
                          const std::vector<std::string>& added, const std::string& where) {
  if (added.empty()) return "";
  std::string names;
  for (std::size_t i = 0; i < added.size(); ++i)
    names += (i == 0 ? "" : i + 1 == added.size() ? " or " : ", ") + added[i];
  return ". May be a rename: if " + kind + " " + names + " is " + dropped +
         " renamed, add `renamed_from = \"" + dropped + "\"` to its declaration" + where +
         " and plan again, to keep the values";
}

}  // namespace recon::diff
