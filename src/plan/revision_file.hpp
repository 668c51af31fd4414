// Revision files: the text of plans/<project>/NNNN_<slug>.sql, and its parser.
//
// A revision file is a SQL script that psql -f can run as it is, with a comment header that
// recon reads back. Its layout (every line ends with '\n'):
//
//   -- recon revision 0002: add_updated_at
//   -- project: 00_personal_todo
//   -- schema: "00_personal_todo"                 quote_ident(schema)
//   -- parent: 0001 sha256:<64 hex>               "-- parent: none" for the first revision
//   -- source: sha256:<64 hex>
//   -- target: sha256:<64 hex>
//   -- planned-from: chain                        or "database"
//   -- recon: 0.1.0
//   --
//   -- Summary (2 steps):                         "(1 step)" for one
//   --   + table todos
//   --   - index ix_old  [data-loss]              distinct hazard kinds of the step, in order
//   --
//   -- Hazards: data-loss x1                      count per kind, sorted by kind; or "none"
//   <blank>
//   CREATE SCHEMA IF NOT EXISTS "00_personal_todo";   only for psql -f: recon's apply sets
//   SET search_path TO "00_personal_todo";            the search path itself and skips these
//   <blank>
//   -- step 1/2: + table todos                    then, per step, in this order:
//   -- hazard <kind>: <reason>                      one line per hazard
//   -- lock: <what it locks, how long>              when it locks a table that exists before it
//   -- recon: not-transactional                     when the step runs outside the transaction
//   -- recon: sql-lines <n>                         only when a line of the SQL starts with "--"
//   <the step's SQL, as given>                      (so that it cannot pass for a header line)
//   <blank>
//   ...
//   -- checksum: sha256:<64 hex>                  sha256 of every byte before this line
//
// Free text in comments (project, schema, summaries, reasons, recon version) is escaped so that
// it always stays on its own comment line (plan/comment_text.hpp).
//
// The pieces: revision_render.cpp writes, revision_parse.cpp reads (over revision_lines.hpp's
// lines and diagnostics), revision_checksum.cpp seals, comment_text.cpp escapes;
// revision_layout.hpp holds what they share.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "plan/comment_text.hpp"
#include "run/revision.hpp"

namespace recon {

// The file text. Byte-deterministic: the same revision always gives the same bytes. The
// revision's checksum and file fields are ignored (the checksum is computed). Throws
// std::invalid_argument when the revision cannot be written faithfully: number < 1, a slug
// outside [a-z0-9_]+, an empty project, schema or recon version, a fingerprint or parent
// checksum that is not "sha256:<64 lower-case hex>", a parent number without checksum (or the
// reverse), a hazard kind outside [a-z0-9-]+.
std::string render_revision(const Revision& revision);

// The part of a revision after its header: the summary, the hazards, the preamble for psql and
// the steps. Also what `recon diff` prints.
std::string render_steps(const std::string& schema, const std::vector<Step>& steps);

// Reads back exactly what render_revision writes; anything else throws recon::InputError with
// file:line:column diagnostics. Sets Revision::checksum to the value of the checksum line and
// Revision::file to `file`; does not check that the checksum matches the content (see
// checksum_matches). Linear in the size of the text, whatever the bytes.
Revision parse_revision(std::string_view text, const std::filesystem::path& file);

// "sha256:<64 hex>" of the text before its checksum line: when the last line of `text` starts
// with "-- checksum: " it is left out, otherwise all of `text` is hashed.
std::string compute_checksum(std::string_view text);

// True when the last line of `text` is "-- checksum: <compute_checksum(text)>" followed by one
// newline.
bool checksum_matches(std::string_view text);

}  // namespace recon
