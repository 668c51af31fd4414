// Row-level security as TOML, for `recon inspect`.
#include "declare/emit_writer.hpp"

namespace recon::declare {

// FORCE alone has no effect while row-level security is off, and introspection reads it only
// when it is on.
void write_row_security(Writer& w, const Table& t) {
  if (!t.row_security) return;
  w.field("row_security", t.force_row_security ? toml_string("force") : "true");
}

void write_policies(Writer& w, const std::string& prefix, const std::vector<Policy>& policies) {
  for (const auto& p : policies) {
    w.header("[" + prefix + ".policies." + toml_key(p.name) + "]");
    if (p.command != "all") w.str("command", p.command);
    if (!p.permissive) w.str("as", std::string("restrictive"));
    if (p.roles != std::vector<std::string>{"PUBLIC"}) w.field("roles", string_array(p.roles));
    w.str("using", p.using_expr);
    w.str("with_check", p.with_check);
    w.str("comment", p.comment);
  }
}

}  // namespace recon::declare
