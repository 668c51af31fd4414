// [text_search.dictionaries.NAME] and [text_search.configurations.NAME], for recon inspect.
#include "declare/emit.hpp"
#include "declare/emit_writer.hpp"

namespace recon::declare {

void write_text_search(Writer& w, const Catalog& catalog) {
  for (const auto& [name, d] : catalog.text_search_dictionaries) {
    w.header("[text_search.dictionaries." + toml_key(name) + "]");
    w.str("template", d.template_name);
    if (!d.options.empty()) {
      std::string options;
      for (const auto& [option, value] : d.options)
        options += (options.empty() ? "" : ", ") + toml_key(option) + " = " + toml_string(value);
      w.field("options", "{ " + options + " }");
    }
    w.str("comment", d.comment);
  }
  for (const auto& [name, c] : catalog.text_search_configurations) {
    const std::string prefix = "text_search.configurations." + toml_key(name);
    w.header("[" + prefix + "]");
    if (c.parser != "default") w.str("parser", c.parser);
    w.str("comment", c.comment);
    // A table of its own: the default parser has some twenty token types.
    if (c.mapping.empty()) continue;
    w.header("[" + prefix + ".mapping]");
    for (const auto& [token, dictionaries] : c.mapping) w.field(token, string_array(dictionaries));
  }
}

}  // namespace recon::declare
