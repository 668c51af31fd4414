// Standalone sequences, and serial ones with their OWNED BY column. Identity sequences are left
// out: they belong to their column (Column::identity_options).
#include <fmt/format.h>

#include "introspect/loaders.hpp"

namespace recon::introspect::detail {
namespace {

std::string sequences_query(const Session& s) {
  // OWNED BY is an auto dependency (deptype 'a') of the sequence on the column; an identity
  // sequence has an internal one ('i') instead. A sequence owned by an ignored table is ignored.
  return fmt::format(R"(
    SELECT c.relnamespace AS nsp, c.relname AS name, format_type(s.seqtypid, NULL) AS seq_type,
           s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
           owner.relname AS owner_table, oa.attname AS owner_column, d.description AS comment
    FROM pg_sequence s
    JOIN pg_class c ON c.oid = s.seqrelid
    LEFT JOIN pg_depend dep
      ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
         AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
    LEFT JOIN pg_class owner ON owner.oid = dep.refobjid
    LEFT JOIN pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = dep.refobjsubid
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
    WHERE {filter} AND dep.deptype IS DISTINCT FROM 'i'
      AND (owner.oid IS NULL OR owner.relnamespace <> c.relnamespace OR {owner_filter}))",
                     fmt::arg("filter", s.relation_filter("c")),
                     fmt::arg("owner_filter", s.relation_filter("owner")));
}

}  // namespace

void load_sequences(Session& session) {
  const auto rows = session.query(sequences_query(session));
  const SequenceFields fields(rows);
  for (const auto& row : rows) {
    Sequence sequence;
    sequence.name = row["name"].as<std::string>();
    sequence.options = sequence_options(row, fields);
    if (!row["owner_column"].is_null()) {
      sequence.owned_by =
          row["owner_table"].as<std::string>() + "." + row["owner_column"].as<std::string>();
    }
    sequence.comment = optional_text(row["comment"]);
    session.catalog(row).sequences[sequence.name] = std::move(sequence);
  }
}

}  // namespace recon::introspect::detail
