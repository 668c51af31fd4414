// The properties the fuzz targets check, shared with the regression test
// (tests/unit/fuzz_regressions_test.cpp) so that a found input is replayed exactly as it was
// fuzzed. Each check returns normally when recon behaved: the input was accepted and passed
// the round trip, or it was refused with recon::InputError. Anything else escapes: a
// fuzz::Violation for a broken property, or whatever recon threw by mistake (libFuzzer reports
// an escaping exception as a crash; the test reports it as a failure).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "catalog/diagnostic.hpp"
#include "catalog/fingerprint.hpp"
#include "declare/declare.hpp"
#include "plan/revision_file.hpp"

namespace recon::fuzz {

class Violation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

inline void require(bool condition, const std::string& what) {
  if (!condition) throw Violation(what);
}

// parse_declaration; a declaration that loads must also fingerprint (what plan does next).
// (Not checked: emit_toml of the loaded catalog. It writes normalized catalogs, whose constraint
// names and identity options are filled in; a declared catalog is not one.)
inline void check_declaration(std::string_view text) {
  Catalog catalog;
  try {
    catalog = declare::parse_declaration(text, "fuzz.toml");
  } catch (const InputError&) {
    return;  // refused, with diagnostics: the expected outcome for most inputs
  }
  const std::string print = fingerprint(catalog);
  require(print.starts_with("sha256:"), "fingerprint did not give sha256:...: " + print);
}

inline bool same_revision(const Revision& a, const Revision& b) {
  return a.number == b.number && a.slug == b.slug && a.parent_number == b.parent_number &&
         a.parent_checksum == b.parent_checksum && a.recon_version == b.recon_version &&
         a.planned_from == b.planned_from && a.plan.project == b.plan.project &&
         a.plan.schema == b.plan.schema &&
         a.plan.source_fingerprint == b.plan.source_fingerprint &&
         a.plan.target_fingerprint == b.plan.target_fingerprint && a.plan.steps == b.plan.steps;
}

// The text without its last line when that is a checksum line (what the checksum covers).
inline std::string_view before_checksum(std::string_view text) {
  std::string_view body = text;
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  const auto last_newline = body.rfind('\n');
  const std::size_t start = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  if (body.substr(start).starts_with("-- checksum: ")) return text.substr(0, start);
  return text;
}

// compute_checksum and checksum_matches on any bytes; parse_revision, then, when it parses:
// render_revision gives the same bytes (parse reads back exactly what render writes), and
// they parse to an equal revision.
inline void check_revision(std::string_view text) {
  const std::string checksum = compute_checksum(text);
  require(checksum.size() == 7 + 64 && checksum.starts_with("sha256:"),
          "compute_checksum did not give sha256:<64 hex>: " + checksum);
  const bool matches = checksum_matches(text);
  Revision revision;
  try {
    revision = parse_revision(text, "fuzz.sql");
  } catch (const InputError&) {
    return;
  }
  if (matches) require(revision.checksum == checksum, "checksum_matches but the checksum line differs");
  std::string rendered;
  try {
    rendered = render_revision(revision);
  } catch (const std::invalid_argument& e) {
    throw Violation(std::string("parse_revision accepted a revision render_revision refuses: ") +
                    e.what());
  }
  require(checksum_matches(rendered), "a rendered revision fails its own checksum");
  require(before_checksum(rendered) == before_checksum(text),
          "parse_revision accepted text that render_revision does not write\n--- rendered:\n" +
              rendered);
  Revision again;
  try {
    again = parse_revision(rendered, "fuzz.sql");
  } catch (const InputError& e) {
    throw Violation(std::string("a rendered revision does not parse: ") + e.what() +
                    "\n--- rendered:\n" + rendered);
  }
  require(same_revision(revision, again), "a rendered revision parses to a different revision");
  require(again.checksum == compute_checksum(rendered), "the re-parsed checksum differs");
}

}  // namespace recon::fuzz
