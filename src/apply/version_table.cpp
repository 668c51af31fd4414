#include "apply/version_table.hpp"

#include "catalog/identifier.hpp"
#include "recon_config.hpp"

namespace recon::apply {
namespace {

std::string literal_or_null(const std::string& text) {
  return text.empty() ? "NULL" : quote_literal(text);
}

}  // namespace

std::string version_table_name(const std::string& schema) {
  return qualified(schema, kVersionTable);
}

namespace {

// Not CREATE SCHEMA IF NOT EXISTS: that needs the database's CREATE privilege even when the
// schema exists, which a role owning only its schema does not have.
std::string create_schema_if_missing_sql(const std::string& schema) {
  const std::string body =
      "BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = " + quote_literal(schema) +
      ") THEN CREATE SCHEMA " + quote_ident(schema) + "; END IF; END";
  // A dollar-quote tag that the schema's name cannot end early.
  std::string tag = "$recon$";
  while (body.find(tag) != std::string::npos) tag.insert(tag.size() - 1, "_");
  return "DO " + tag + " " + body + " " + tag;
}

}  // namespace

std::vector<std::string> create_version_table_sql(const std::string& schema) {
  return {
      create_schema_if_missing_sql(schema),
      "CREATE TABLE IF NOT EXISTS " + version_table_name(schema) +
          " (\n"
          "  number integer PRIMARY KEY,\n"
          "  slug text NOT NULL,\n"
          "  checksum text NOT NULL,\n"
          "  parent_checksum text,\n"
          "  source_fingerprint text NOT NULL,\n"
          "  target_fingerprint text NOT NULL,\n"
          "  applied_at timestamptz NOT NULL DEFAULT now(),\n"
          "  applied_by text NOT NULL DEFAULT current_user,\n"
          "  duration_ms bigint,\n"
          "  recon_version text NOT NULL,\n"
          "  state text NOT NULL DEFAULT 'applied'"
          " CHECK (state IN ('applied', 'baseline', 'partial')),\n"
          "  steps_done integer NOT NULL DEFAULT 0\n"
          ")",
  };
}

namespace {

std::string insert_sql(const std::string& schema, const Revision& r, const std::string& state,
                       int steps_done, const std::string& duration) {
  return "INSERT INTO " + version_table_name(schema) +
         " (number, slug, checksum, parent_checksum, source_fingerprint, target_fingerprint, "
         "duration_ms, recon_version, state, steps_done) VALUES (" +
         std::to_string(r.number) + ", " + quote_literal(r.slug) + ", " +
         quote_literal(r.checksum) + ", " + literal_or_null(r.parent_checksum) + ", " +
         quote_literal(r.plan.source_fingerprint) + ", " +
         quote_literal(r.plan.target_fingerprint) + ", " + duration + ", " +
         quote_literal(RECON_VERSION) + ", " + quote_literal(state) + ", " +
         std::to_string(steps_done) + ")";
}

}  // namespace

std::string insert_done_sql(const std::string& schema, const Revision& revision,
                            const std::string& state) {
  const bool baseline = state == row_state::baseline;
  return insert_sql(
      schema, revision, state, static_cast<int>(revision.plan.steps.size()),
      baseline ? "NULL" : "(extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint");
}

std::string insert_partial_sql(const std::string& schema, const Revision& revision,
                               int steps_done) {
  return insert_sql(schema, revision, row_state::partial, steps_done, "NULL");
}

std::string update_progress_sql(const std::string& schema, int number, int steps_done) {
  return "UPDATE " + version_table_name(schema) +
         " SET steps_done = " + std::to_string(steps_done) +
         " WHERE number = " + std::to_string(number) + " AND state = 'partial'";
}

std::string complete_partial_sql(const std::string& schema, int number, int steps) {
  return "UPDATE " + version_table_name(schema) +
         " SET state = 'applied', steps_done = " + std::to_string(steps) +
         ", duration_ms = (extract(epoch FROM clock_timestamp() - applied_at) * 1000)::bigint"
         " WHERE number = " +
         std::to_string(number) + " AND state = 'partial'";
}

bool version_table_exists(pqxx::transaction_base& txn, const std::string& schema) {
  const auto rows = txn.exec_params(
      "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
      "c.relnamespace WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')",
      schema, std::string(kVersionTable));
  return !rows.empty();
}

std::vector<AppliedRevision> read_version_table(pqxx::transaction_base& txn,
                                                const std::string& schema) {
  std::vector<AppliedRevision> out;
  if (!version_table_exists(txn, schema)) return out;
  const auto rows = txn.exec(
      "SELECT number, slug, checksum, coalesce(parent_checksum, ''), source_fingerprint, "
      "target_fingerprint, to_char(applied_at AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), applied_by, duration_ms, recon_version, state, "
      "steps_done FROM " +
      version_table_name(schema) + " ORDER BY number");
  for (const auto& row : rows) {
    AppliedRevision r;
    r.number = row[0].as<int>();
    r.slug = row[1].as<std::string>();
    r.checksum = row[2].as<std::string>();
    r.parent_checksum = row[3].as<std::string>();
    r.source_fingerprint = row[4].as<std::string>();
    r.target_fingerprint = row[5].as<std::string>();
    r.applied_at = row[6].as<std::string>();
    r.applied_by = row[7].as<std::string>();
    if (!row[8].is_null()) r.duration_ms = row[8].as<long long>();
    r.recon_version = row[9].as<std::string>();
    r.state = row[10].as<std::string>();
    r.steps_done = row[11].as<int>();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace recon::apply
