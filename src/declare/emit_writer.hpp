// The line writer of `recon inspect`'s TOML, shared by the files that write each kind.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "declare/emit.hpp"
#include "declare/emit_data.hpp"

namespace recon::declare {

struct Writer {
  std::string out;

  void line(const std::string& text) { out += text + "\n"; }
  void field(const std::string& name, const std::string& value) {
    line(toml_key(name) + " = " + value);
  }
  void str(const std::string& name, const std::optional<std::string>& value) {
    if (value) field(name, toml_string(*value));
  }
  void flag(const std::string& name, bool value) {
    if (value) field(name, "true");
  }
  void header(const std::string& text) {
    if (!out.empty()) out += "\n";
    line(text);
  }
};

// ["a", "b"]
std::string string_array(const std::vector<std::string>& items);

// emit_routines.cpp: [functions.NAME] (or [[functions.NAME]] per overload) and procedures,
// and the [PREFIX.triggers.NAME] of a table or view.
void write_routines(Writer& w, const Catalog& catalog);
void write_aggregates(Writer& w, const Catalog& catalog);
// emit_privileges.cpp: [[grants]], [[revokes]], [[default_privileges]].
void write_privileges(Writer& w, const Catalog& catalog);
void write_triggers(Writer& w, const std::string& prefix, const std::vector<Trigger>& triggers);
// emit_text_search.cpp: [text_search.dictionaries.NAME], [text_search.configurations.NAME].
void write_text_search(Writer& w, const Catalog& catalog);

// emit_policies.cpp: `row_security` (a key of the table's own header) and its
// [PREFIX.policies.NAME].
void write_row_security(Writer& w, const Table& table);
void write_policies(Writer& w, const std::string& prefix, const std::vector<Policy>& policies);

}  // namespace recon::declare
