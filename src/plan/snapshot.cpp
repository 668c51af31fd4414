#include "plan/snapshot.hpp"

#include <fstream>
#include <sstream>

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
NLOHMANN_JSON_SERIALIZE_ENUM(ConstraintKind, {{ConstraintKind::check, "check"},
                                              {ConstraintKind::primary_key, "primary key"},
                                              {ConstraintKind::unique, "unique"},
                                              {ConstraintKind::foreign_key, "foreign key"},
                                              {ConstraintKind::exclude, "exclude"}})

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SequenceOptions, data_type, start, increment, min_value,
                                   max_value, cache, cycle)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Column, name, type, not_null, default_expr, identity,
                                   identity_options, generated, collation, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ForeignKeyTarget, schema, table, columns)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Constraint, name, kind, columns, nulls_not_distinct, include,
                                   references, on_delete, on_update, match, expression, no_inherit,
                                   deferrable, initially_deferred, not_valid, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(IndexKey, column, expression, collation, opclass, descending,
                                   nulls_first)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Index, name, method, unique, nulls_not_distinct, keys, include,
                                   where, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Table, name, columns, constraints, indexes, unlogged, comment,
                                   partition_by, partition_of, partition_bound)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(EnumType, name, values, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DomainCheck, name, expression, not_valid)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Domain, name, base_type, not_null, default_expr, collation,
                                   checks, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Sequence, name, options, owned_by, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ViewDependency, schema, relation, column)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(View, name, definition, materialized, indexes, comment,
                                   depends_on, uses_unmanaged)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(UnsupportedObject, kind, name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Catalog, schema, schema_exists, schema_comment, tables, enums,
                                   domains, sequences, views, extensions, ignored, unsupported)

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
