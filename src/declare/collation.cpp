// Collations: [collations.NAME].
#include "declare/keys.hpp"
#include "declare/read.hpp"

namespace recon::declare {

void read_collation(const Named& named, const std::string& file, Catalog& out,
                    Diagnostics& diagnostics) {
  const Fields f(named.body, "collation '" + named.name + "'", keys::collation, file, diagnostics);
  Collation c;
  c.name = named.name;
  c.where = named.where;
  c.provider = f.choice("provider", {"libc", "icu"}).value_or("libc");
  if (auto locale = f.text("locale"))
    c.locale = *locale;
  else if (!f.get("locale"))
    f.missing("locale");
  c.lc_ctype = f.text("lc_ctype");
  if (c.lc_ctype && c.provider == "icu")
    f.error(f.where("lc_ctype"), "'lc_ctype' " + f.context() + " is for libc collations only");
  c.deterministic = f.flag("deterministic").value_or(true);
  c.comment = f.comment();
  out.collations.emplace(named.name, std::move(c));
}

}  // namespace recon::declare
