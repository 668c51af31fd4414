#include "plan/snapshot.hpp"

#include <fstream>
#include <sstream>

#include "catalog/constraint_kind.hpp"
#include "catalog/fields.hpp"
#include "catalog/fingerprint.hpp"
#include "plan/revision_chain.hpp"
#include "plan/snapshot_codec.hpp"

namespace nlohmann {
template <typename T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& value) {
    if (value)
      j = *value;
    else
      j = nullptr;
  }
  static void from_json(const json& j, std::optional<T>& value) {
    if (j.is_null())
      value.reset();
    else
      value = j.get<T>();
  }
};
}  // namespace nlohmann

namespace recon {

NLOHMANN_JSON_SERIALIZE_ENUM(Identity, {{Identity::none, "none"},
                                        {Identity::always, "always"},
                                        {Identity::by_default, "by default"}})
inline void to_json(nlohmann::json& j, ConstraintKind kind) {
  j = words(kind).canonical;
}
inline void from_json(const nlohmann::json& j, ConstraintKind& kind) {
  const ConstraintKind* named = constraint_kind_named(j.get<std::string>());
  if (named == nullptr)
    throw nlohmann::json::type_error::create(302, "not a constraint kind: " + j.dump(), &j);
  kind = *named;
}

// Every field but the hints, by its member's name.
template <Record T>
void to_json(nlohmann::json& j, const T& record) {
  j = nlohmann::json::object();
  visit_serialized(record, [&](const char* name, const auto& field, Use) { j[name] = field; });
}
template <Record T>
void from_json(const nlohmann::json& j, T& record) {
  visit_serialized(record, [&](const char* name, auto& field, Use) { j.at(name).get_to(field); });
}

}  // namespace recon

namespace recon::plan {
namespace fs = std::filesystem;

nlohmann::json catalog_to_json(const Catalog& catalog) {
  return catalog;
}

Catalog catalog_from_json(const nlohmann::json& j) {
  return j.get<Catalog>();
}

namespace {

fs::path snapshot_file(const std::string& fingerprint) {
  const auto colon = fingerprint.find(':');
  return fs::path("snapshots") / (fingerprint.substr(colon + 1) + ".snapshot");
}

// Which build wrote it: the byte form and what introspection reads may change between builds.
std::string snapshot_header(const Cache& cache) {
  return "recon snapshot " + cache.key() + "\n";
}

bool looks_like_fingerprint(const std::string& fingerprint) {
  if (fingerprint.rfind("sha256:", 0) != 0 || fingerprint.size() != 7 + 64) return false;
  return fingerprint.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
}

}  // namespace

std::optional<Catalog> load_snapshot(const Cache& cache, const std::string& fingerprint) {
  if (!looks_like_fingerprint(fingerprint)) return std::nullopt;
  const fs::path file = snapshot_file(fingerprint);
  const auto bytes = cache.read(file);
  if (!bytes) return std::nullopt;
  const auto header = snapshot_header(cache);
  if (bytes->compare(0, header.size(), header) == 0) {
    try {
      Catalog catalog = decode_catalog(std::string_view(*bytes).substr(header.size()));
      if (recon::fingerprint(catalog) == fingerprint) return catalog;
    } catch (const MalformedSnapshot&) {
    }
  }
  // Unreadable, edited or from another build: removed, so that the replay writes it anew.
  cache.remove(file);
  return std::nullopt;
}

void save_snapshot(const Cache& cache, const Catalog& catalog, const std::string& fingerprint) {
  if (!cache.writable() || !looks_like_fingerprint(fingerprint)) return;
  const fs::path file = snapshot_file(fingerprint);
  // Content-addressed: the same, unless another build wrote it.
  const auto header = snapshot_header(cache);
  if (cache.read(file, header.size()) == header) return;
  try {
    cache.write(file, header + encode_catalog(catalog));
  } catch (const std::exception&) {
    // Best effort, like every cache write.
  }
}

SnapshotPrefetch::SnapshotPrefetch(const Cache& cache, std::vector<std::string> projects) {
  reading_ = std::async(std::launch::async, [cache, projects = std::move(projects)]() mutable {
    std::map<std::string, Catalog> out;
    try {
      const fs::path plans = cache.root() / "plans";
      if (projects.empty())
        for (const auto& e : fs::directory_iterator(plans))
          if (e.is_directory()) projects.push_back(e.path().filename().string());
      for (const auto& project : projects) {
        const auto target = peek_last_target(plans / project);
        if (!target) continue;
        if (auto catalog = load_snapshot(cache, *target)) out.emplace(*target, std::move(*catalog));
      }
    } catch (const std::exception&) {
      // A hint only: the planner reads what it needs itself.
    }
    return out;
  });
}

std::optional<Catalog> SnapshotPrefetch::take(const std::string& fingerprint) {
  if (reading_.valid()) read_ = reading_.get();
  const auto found = read_.find(fingerprint);
  if (found == read_.end()) return std::nullopt;
  Catalog catalog = std::move(found->second);
  read_.erase(found);
  return catalog;
}

}  // namespace recon::plan
