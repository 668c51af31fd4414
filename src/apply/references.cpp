#include "apply/references.hpp"

#include <nlohmann/json.hpp>

#include "apply/records.hpp"
#include "catalog/identifier.hpp"

namespace recon::apply {
namespace {

// One identifier as quote_ident writes it, at `at`; advances `at` past it.
std::optional<std::string> identifier(const std::string& sql, std::size_t& at) {
  if (at >= sql.size()) return std::nullopt;
  auto token = read_identifier(std::string_view(sql).substr(at));
  if (!token) return std::nullopt;
  at += token->length;
  return std::move(token->name);
}

// REFERENCES schema.table (a, b) at `at` (just past "REFERENCES "); nullopt when unqualified.
std::optional<CrossReference> reference_at(const std::string& sql, std::size_t at) {
  CrossReference r;
  auto schema = identifier(sql, at);
  if (!schema || at >= sql.size() || sql[at] != '.') return std::nullopt;
  ++at;
  auto table = identifier(sql, at);
  if (!table) return std::nullopt;
  r.schema = *schema;
  r.table = *table;
  while (at < sql.size() && sql[at] == ' ') ++at;
  if (at >= sql.size() || sql[at] != '(') return std::nullopt;
  ++at;
  for (;;) {
    while (at < sql.size() && sql[at] == ' ') ++at;
    auto column = identifier(sql, at);
    if (!column) return std::nullopt;
    r.columns.push_back(*column);
    while (at < sql.size() && sql[at] == ' ') ++at;
    if (at < sql.size() && sql[at] == ',') {
      ++at;
      continue;
    }
    return at < sql.size() && sql[at] == ')' ? std::optional(r) : std::nullopt;
  }
}

std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + quote_ident(c);
  return out;
}

// The workspace's project that owns `schema`, for the advice; empty when none does.
std::string owner_of(const Project& project, const std::string& schema) {
  const auto root = project.plans_dir.parent_path().parent_path();
  try {
    for (const auto& name : project_names(root)) {
      if (name != project.name && load_project(root, name).schema == schema) return name;
    }
  } catch (const std::exception&) {
  }
  return "";
}

}  // namespace

std::vector<CrossReference> cross_references(const Project& project,
                                             const std::vector<const Revision*>& pending) {
  std::vector<CrossReference> out;
  const std::string keyword = "REFERENCES ";
  for (const Revision* r : pending) {
    const auto& steps = r->plan.steps;
    for (std::size_t n = 0; n < steps.size(); ++n) {
      const std::string& sql = steps[n].sql;
      for (auto at = sql.find(keyword); at != std::string::npos;
           at = sql.find(keyword, at + keyword.size())) {
        auto ref = reference_at(sql, at + keyword.size());
        if (!ref || ref->schema == project.schema) continue;
        ref->where = "revision " + revision_name(r->number, r->slug) + ", step " +
                     std::to_string(n + 1) + "/" + std::to_string(steps.size()) + " (" +
                     steps[n].summary + ")";
        out.push_back(std::move(*ref));
      }
    }
  }
  return out;
}

std::optional<std::string> unsatisfied_reference(pqxx::connection& conn, const Project& project,
                                                 const std::vector<CrossReference>& references) {
  if (references.empty()) return std::nullopt;
  pqxx::read_transaction txn(conn);
  for (const auto& ref : references) {
    const auto row = txn.exec_params1(
        R"(
        SELECT n.oid IS NOT NULL, c.oid IS NOT NULL,
          (SELECT coalesce(json_agg(w.name), '[]') FROM json_array_elements_text($3::json) w(name)
            WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
              AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = w.name))::text,
          EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique
            AND i.indpred IS NULL AND i.indexprs IS NULL
            AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text)
                 FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) k
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k)
              = (SELECT array_agg(w ORDER BY w) FROM json_array_elements_text($3::json) w))
        FROM (SELECT 1) one
        LEFT JOIN pg_namespace n ON n.nspname = $1
        LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = $2
          AND c.relkind IN ('r', 'p'))",
        ref.schema, ref.table, nlohmann::json(ref.columns).dump());
    const std::string target =
        qualified(ref.schema, ref.table) + " (" + column_list(ref.columns) + ")";
    const std::string owner = owner_of(project, ref.schema);
    const std::string first =
        owner.empty() ? " (no project of this workspace declares schema " +
                            quote_ident(ref.schema) + ": create it there first)"
                      : ": apply project " + owner + " first (recon apply " + owner +
                            "), or run recon apply without project names, which applies "
                            "referenced projects first";
    const std::string head = project.name + ": " + ref.where + " adds a foreign key to " + target;
    if (!row[0].as<bool>())
      return head + ", but schema " + quote_ident(ref.schema) + " does not exist in the database" +
             first;
    if (!row[1].as<bool>())
      return head + ", but schema " + quote_ident(ref.schema) + " has no table " +
             quote_ident(ref.table) + first;
    const auto missing = nlohmann::json::parse(row[2].as<std::string>());
    if (!missing.empty())
      return head + ", but " + qualified(ref.schema, ref.table) + " has no column " +
             column_list(missing.get<std::vector<std::string>>()) +
             (owner.empty() ? "" : " (are revisions of project " + owner + " pending?)");
    if (!row[3].as<bool>())
      return head + ", but no primary key or unique constraint of " +
             qualified(ref.schema, ref.table) + " covers (" + column_list(ref.columns) +
             "): Postgres refuses such a foreign key" +
             (owner.empty() ? "" : "; declare one in project " + owner);
  }
  return std::nullopt;
}

}  // namespace recon::apply
