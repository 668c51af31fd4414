// normalize() with reuse: see NormalizeCache in normalize.hpp. Anything that could make reuse
// differ from normalizing the whole declaration falls back to that.
#include <fmt/format.h>

#include <set>

#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "catalog/same_fields.hpp"
#include "declare/type_spelling.hpp"
#include "plan/normalize.hpp"
#include "plan/part.hpp"
#include "plan/snapshot.hpp"
#include "plan/snapshot_codec.hpp"
#include "plan/trace.hpp"

namespace recon::plan {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A digest of everything in a declared table or view that its normalized form can depend on:
// every field but source locations and rename hints, i.e. the snapshot's byte form of it.
std::string digest_of(const Table& declared) {
  return sha256_hex("table " + encode_table(declared));
}
std::string digest_of(const View& declared) {
  return sha256_hex("view " + encode_view(declared));
}
std::string digest_of(const Routine& declared) {
  return sha256_hex("routine " + encode_routine(declared));
}
std::string digest_of(const Aggregate& declared) {
  return sha256_hex("aggregate " + encode_aggregate(declared));
}

// What else a table's normalized form may depend on: the server, the build of recon (the
// cache's key), the schema and the names of the types and sequences it can use.
std::string context_of(const Catalog& declared, int server_version, const std::string& key) {
  json names = json::array();
  for (const auto& [name, e] : declared.enums) names.push_back("enum " + name);
  for (const auto& [name, d] : declared.domains) names.push_back("domain " + name);
  for (const auto& [name, t] : declared.composites) names.push_back("composite " + name);
  for (const auto& [name, r] : declared.ranges) names.push_back("range " + name);
  for (const auto& [name, s] : declared.sequences) names.push_back("sequence " + name);
  for (const auto& [name, c] : declared.collations) names.push_back("collation " + name);
  Catalog types;
  types.domains = declared.domains;
  types.composites = declared.composites;
  types.ranges = declared.ranges;
  types.collations = declared.collations;
  types.extensions = declared.extensions;
  types.ignored = declared.ignored;
  const json context = {{"recon", key},
                        {"server", server_version},
                        {"schema", declared.schema},
                        {"names", names},
                        {"types", catalog_to_json(types)}};
  return sha256_hex(context.dump());
}

// The normalized forms the cache knows, by declared digest: those listed apart, else the
// base snapshot's.
struct Known {
  std::map<std::string, std::string> digests;
  std::map<std::string, std::string> signatures;  // of the declared routines, by declared key
  Catalog apart;
  std::optional<Catalog> loaded;   // the base, when read from its snapshot
  const Catalog* given = nullptr;  // the base, when the caller had it

  const Catalog& base() const { return loaded ? *loaded : *given; }

  template <typename T>
  static const T* find(const std::map<std::string, T>& in, const std::string& name) {
    const auto found = in.find(name);
    return found == in.end() ? nullptr : &found->second;
  }
  const Table* table(const std::string& name) const {
    const Table* t = find(apart.tables, name);
    return t ? t : find(base().tables, name);
  }
  const View* view(const std::string& name) const {
    const View* v = find(apart.views, name);
    return v ? v : find(base().views, name);
  }
  const Routine* routine(const std::string& signature) const {
    const Routine* r = find(apart.routines, signature);
    return r ? r : find(base().routines, signature);
  }
};

std::optional<Known> read_cache(const Cache& cache, const fs::path& file,
                                const std::string& context, const Catalog* known,
                                const std::string& known_fingerprint) {
  const auto text = cache.read(file);
  if (!text) return std::nullopt;
  try {
    const auto j = json::parse(*text);
    if (j.at("context").get<std::string>() != context) return std::nullopt;
    const auto base_fingerprint = j.at("base").get<std::string>();
    Known out;
    if (known && base_fingerprint == known_fingerprint) {
      out.given = known;
    } else {
      out.loaded = load_snapshot(cache, base_fingerprint);
      if (!out.loaded) return std::nullopt;
    }
    out.apart = catalog_from_json(j.at("apart"));
    out.digests = j.at("digests").get<std::map<std::string, std::string>>();
    out.signatures = j.value("signatures", std::map<std::string, std::string>{});
    return out;
  } catch (const std::exception&) {
    return std::nullopt;  // unreadable: normalize everything, then rewrite it
  }
}

bool ends_in_digit(const std::string& name) {
  return !name.empty() && name.back() >= '0' && name.back() <= '9';
}

// Postgres picks a free name for what is declared unnamed, adding a number when the natural
// one is taken; created alone, a table may get a name that the whole schema would have
// given to something else. Reuse is only safe when every chosen name is the natural one
// and no name is used twice where Postgres wants it unique.
bool names_as_whole_schema_would_choose(const Catalog& result, const Catalog& declared,
                                        const std::set<std::string>& fresh) {
  std::set<std::string> relations;
  const auto unique_relation = [&](const std::string& name) {
    return relations.insert(name).second;
  };
  for (const auto& [name, e] : result.enums)
    if (!unique_relation(name)) return false;
  for (const auto& [name, d] : result.domains)
    if (!unique_relation(name)) return false;
  for (const auto& [name, t] : result.composites)
    if (!unique_relation(name)) return false;
  for (const auto& [name, r] : result.ranges)
    if (!unique_relation(name)) return false;
  for (const auto& [name, s] : result.sequences)
    if (!unique_relation(name)) return false;
  for (const auto& [name, v] : result.views)
    if (!unique_relation(name)) return false;
  std::multiset<std::string> constraint_names;
  for (const auto& [name, t] : result.tables) {
    if (!unique_relation(name)) return false;
    for (const auto& i : t.indexes)
      if (!unique_relation(i.name)) return false;
    for (const auto& k : t.constraints) {
      constraint_names.insert(k.name);
      const bool has_index =
          k.kind != ConstraintKind::check && k.kind != ConstraintKind::foreign_key;
      if (has_index && !unique_relation(k.name)) return false;
    }
  }
  for (const auto& name : fresh) {
    const auto normalized = result.tables.find(name);
    const auto source = declared.tables.find(name);
    if (normalized == result.tables.end() || source == declared.tables.end()) continue;
    std::set<std::string> given;
    for (const auto& k : source->second.constraints) given.insert(k.name);
    for (const auto& i : source->second.indexes) given.insert(i.name);
    for (const auto& k : normalized->second.constraints) {
      if (given.count(k.name)) continue;
      if (ends_in_digit(k.name) || constraint_names.count(k.name) > 1) return false;
    }
    for (const auto& i : normalized->second.indexes)
      if (!given.count(i.name) && ends_in_digit(i.name)) return false;
  }
  return true;
}

// The normalized forms of the declared routines, as the cache knows them, with the
// declaration's hints; nullopt unless every routine and aggregate is declared as before and
// none has an SQL-standard body (which reads tables whether bodies are checked or not).
template <typename Unchanged>
std::optional<std::map<std::string, Routine>> reused_routines(const Catalog& declared,
                                                              const Known& cache,
                                                              Unchanged unchanged) {
  std::map<std::string, Routine> out;
  if (has_standard_bodies(declared)) return std::nullopt;
  for (const auto& [name, aggregate] : declared.aggregates)
    if (!unchanged("aggregate " + name)) return std::nullopt;
  for (const auto& [key, written] : declared.routines) {
    const auto signature = cache.signatures.find(key);
    if (!unchanged("routine " + key) || signature == cache.signatures.end()) return std::nullopt;
    const Routine* normalized = cache.routine(signature->second);
    if (!normalized) return std::nullopt;
    Routine& r = out.emplace(signature->second, *normalized).first->second;
    copy_routine_hints(written, r);
  }
  return out;
}

}  // namespace

NormalizeCache::NormalizeCache(const Cache& cache, const std::string& project)
    : cache_(cache), file_(fs::path("normalized") / (project + ".json")) {}

Catalog NormalizeCache::normalize(const Catalog& declared, pg::DevServer& dev, const Catalog* known,
                                  const std::string& known_fingerprint) {
  context_ = context_of(declared, dev.server_version(), cache_.key());
  warnings_.clear();
  digests_.clear();
  for (const auto& [name, table] : declared.tables) digests_["table " + name] = digest_of(table);
  for (const auto& [name, view] : declared.views) digests_["view " + name] = digest_of(view);
  for (const auto& [key, routine] : declared.routines)
    digests_["routine " + key] = digest_of(routine);
  for (const auto& [name, aggregate] : declared.aggregates)
    digests_["aggregate " + name] = digest_of(aggregate);
  signatures_.clear();
  const auto cache = read_cache(cache_, file_, context_, known, known_fingerprint);
  trace("normalize: cache read");
  const auto everything = [&] {
    trace("normalize: the whole declaration");
    Normalized whole = normalize_declaration(declared, dev);
    signatures_ = std::move(whole.signatures);
    return std::move(whole.catalog);
  };
  if (!cache) return everything();
  // A serial column creates a sequence that its table's normalized form does not carry: reused
  // alone, the table would come without it and the plan would drop it.
  for (const auto& [name, table] : declared.tables)
    for (const auto& column : table.columns)
      if (declare::is_serial_type(column.type)) return everything();
  // Expressions name text search configurations (to_tsvector('cfg', ...)), which a part lacks.
  if (has_text_search(declared)) return everything();
  const auto unchanged = [&](const std::string& key) {
    const auto digest = cache->digests.find(key);
    return digest != cache->digests.end() && digest->second == digests_.at(key);
  };
  // What a routine needed on the dev database is found by creating it with the whole
  // declaration: only routines declared as before are reused.
  auto routines = reused_routines(declared, *cache, unchanged);
  if (!routines) return everything();
  for (const auto& [key, written] : declared.routines) signatures_[key] = cache->signatures.at(key);

  Catalog reused;  // the tables and views whose declaration did not change, as normalized
  std::set<std::string> changed;
  for (const auto& [name, table] : declared.tables) {
    const Table* normalized = unchanged("table " + name) ? cache->table(name) : nullptr;
    if (normalized)
      reused.tables.emplace(name, *normalized);
    else
      changed.insert(name);
  }
  for (const auto& [name, view] : declared.views) {
    const View* normalized = unchanged("view " + name) ? cache->view(name) : nullptr;
    if (!normalized) return everything();
    reused.views.emplace(name, *normalized);
  }
  std::set<std::string> affected = changed;
  for (const auto& [key, digest] : cache->digests)
    if (key.rfind("table ", 0) == 0 && !declared.tables.count(key.substr(6)))
      affected.insert(key.substr(6));
  if (read_by_views(reused, affected)) return everything();
  // What a policy reads is known only once it is created: a changed table's policies may read
  // tables the part lacks.
  for (const auto& name : changed)
    if (!declared.tables.at(name).policies.empty()) return everything();
  // A string body that reads a changed table is checked against it only by the whole.
  if (named_by_routines(declared, affected)) return everything();
  trace(fmt::format("normalize: {} of {} tables changed", changed.size(), declared.tables.size()));

  const auto part = part_of(declared, changed, reused);
  if (!part) return everything();
  Catalog normalized_part;
  try {
    normalized_part = normalize_declaration(part->catalog, dev, false).catalog;
  } catch (const InputError& e) {
    // Either the declaration is wrong, and the whole of it fails too (and that error is the
    // one to show), or the part lacks something the whole has: a recon bug, not to be silent.
    Catalog whole = everything();
    warnings_.push_back(
        "normalizing the changed tables alone failed where the whole declaration did not (a "
        "recon bug; please report it): " +
        std::string(e.what()));
    return whole;
  }
  trace("normalize: changed tables normalized");

  Catalog result = std::move(normalized_part);
  std::map<std::string, Table> fresh = std::move(result.tables);
  result.tables = std::move(reused.tables);
  result.views = std::move(reused.views);
  for (const auto& name : changed) {
    const auto found = fresh.find(name);
    if (found != fresh.end()) result.tables[name] = std::move(found->second);
  }
  result.routines = std::move(*routines);
  for (const auto& [name, owner] : part->owners_cut)
    if (result.sequences.count(name)) result.sequences[name].owned_by = owner;
  if (!names_as_whole_schema_would_choose(result, declared, changed)) {
    trace("normalize: a name Postgres chose may differ in the whole schema");
    return everything();
  }
  copy_hints(declared, result);
  attach_privileges(declared, signatures_, result);
  return result;
}

void NormalizeCache::save(const Catalog& normalized, const Catalog& base,
                          const std::string& base_fingerprint) const {
  if (context_.empty() || !cache_.writable()) return;
  try {
    Catalog apart;
    for (const auto& [name, table] : normalized.tables) {
      const auto found = base.tables.find(name);
      if (found == base.tables.end() || !same_table(found->second, table))
        apart.tables.emplace(name, table);
    }
    for (const auto& [name, view] : normalized.views) {
      const auto found = base.views.find(name);
      if (found == base.views.end() || !same_view(found->second, view))
        apart.views.emplace(name, view);
    }
    for (const auto& [signature, routine] : normalized.routines) {
      const auto found = base.routines.find(signature);
      if (found == base.routines.end() || !same_fields(found->second, routine))
        apart.routines.emplace(signature, routine);
    }
    const json j = {{"context", context_},
                    {"base", base_fingerprint},
                    {"digests", digests_},
                    {"signatures", signatures_},
                    {"apart", catalog_to_json(apart)}};
    cache_.write(file_, j.dump());
  } catch (const std::exception&) {
    // Best effort: the next plan normalizes everything again.
  }
}

}  // namespace recon::plan
