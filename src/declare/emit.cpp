#include "declare/emit.hpp"
#include "declare/emit_data.hpp"
#include "declare/emit_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "catalog/identifier.hpp"
#include "declare/type_names.hpp"
#include "declare/type_spelling.hpp"

namespace recon::declare {
namespace {

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "_") + p;
  return out;
}

// Postgres's own name for an unnamed object, when it is short enough not to be truncated:
// such names are left out of the TOML, and normalization gives them back.
bool default_name(const std::string& name, const std::string& table,
                  const std::vector<std::string>& columns, const std::string& label) {
  if (name.empty()) return true;  // a declared catalog's unnamed object
  const std::string expected = table + "_" + joined(columns) + "_" + label;
  return expected.size() < max_identifier_bytes && name == expected;
}

std::string sequence_fields(const SequenceOptions& o) {
  std::vector<std::string> parts;
  if (o.data_type) parts.push_back("type = " + toml_string(*o.data_type));
  if (o.start) parts.push_back(fmt::format("start = {}", *o.start));
  if (o.increment) parts.push_back(fmt::format("increment = {}", *o.increment));
  if (o.min_value) parts.push_back(fmt::format("min = {}", *o.min_value));
  if (o.max_value) parts.push_back(fmt::format("max = {}", *o.max_value));
  if (o.cache) parts.push_back(fmt::format("cache = {}", *o.cache));
  if (o.cycle) parts.push_back(fmt::format("cycle = {}", *o.cycle ? "true" : "false"));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// What Postgres gives an identity column declared without options.
SequenceOptions default_identity_options(const std::string& type) {
  SequenceOptions o;
  o.data_type = type;
  o.start = 1;
  o.increment = 1;
  o.min_value = 1;
  o.max_value = type == "smallint"  ? 32767
                : type == "integer" ? 2147483647
                                    : std::numeric_limits<std::int64_t>::max();
  o.cache = 1;
  o.cycle = false;
  return o;
}

// Only the options that differ from what CREATE SEQUENCE gives without them (a serial's
// sequence is just `type = "integer"`).
SequenceOptions without_defaults(SequenceOptions o) {
  const SequenceOptions d = default_identity_options(o.data_type.value_or("bigint"));
  if (o.data_type == "bigint") o.data_type.reset();
  if (o.increment == d.increment) {
    if (o.start == d.start) o.start.reset();
    if (o.min_value == d.min_value) o.min_value.reset();
    if (o.max_value == d.max_value) o.max_value.reset();
    o.increment.reset();
  }
  if (o.cache == d.cache) o.cache.reset();
  if (o.cycle == d.cycle) o.cycle.reset();
  return o;
}

// The serial pseudo-type that gives column `c` of `table` exactly what it has: a sequence with
// the name Postgres chooses, owned by the column, with CREATE SEQUENCE's defaults for the
// column's type, read by the column's default; "" when it has anything else (then the column
// and its sequence are written as they are).
std::string serial_type(const Catalog& catalog, const std::string& table, const Column& c) {
  static const std::map<std::string, std::string> serials = {
      {"smallint", "smallserial"}, {"integer", "serial"}, {"bigint", "bigserial"}};
  const auto serial = serials.find(c.type);
  if (serial == serials.end() || !c.not_null || c.identity != Identity::none || c.generated ||
      c.collation)
    return "";
  const std::string name = table + "_" + c.name + "_seq";
  const auto sequence = catalog.sequences.find(name);
  if (name.size() > max_identifier_bytes || sequence == catalog.sequences.end()) return "";
  const Sequence& s = sequence->second;
  if (s.owned_by != table + "." + c.name || s.comment ||
      s.options != default_identity_options(c.type))
    return "";
  if (c.default_expr != "nextval(" + quote_literal(quote_ident(name)) + "::regclass)") return "";
  return serial->second;
}

void write_column(Writer& w, const std::string& prefix, const Column& c, bool implied_not_null,
                  const std::string& serial) {
  w.header("[[" + prefix + ".columns]]");
  w.str("name", c.name);
  w.str("type", serial.empty() ? written_type(c.type) : serial);
  if (c.not_null && !implied_not_null && serial.empty()) w.field("nullable", "false");
  if (serial.empty()) w.str("default", c.default_expr);
  if (c.identity != Identity::none) {
    const std::string generation = c.identity == Identity::always ? "always" : "by default";
    // Options left unset (a declared catalog's) or at their defaults are not written: an
    // inline table with no options would be `{ generation = "always",  }`, not TOML.
    const std::string options = sequence_fields(c.identity_options);
    if (options.empty() || c.identity_options == default_identity_options(c.type)) {
      w.field("identity", toml_string(generation));
    } else {
      w.field("identity", "{ generation = " + toml_string(generation) + ", " + options + " }");
    }
  }
  w.str("generated", c.generated);
  w.str("collation", c.collation);
  w.str("comment", c.comment);
}

// Attributes as [[...attributes]] tables, like columns; a type without any says so.
void write_composite(Writer& w, const std::string& name, const CompositeType& t) {
  const std::string prefix = "composites." + toml_key(name);
  w.header("[" + prefix + "]");
  w.str("comment", t.comment);
  if (t.attributes.empty()) w.field("attributes", "[]");
  for (const auto& a : t.attributes) {
    w.header("[[" + prefix + ".attributes]]");
    w.str("name", a.name);
    w.str("type", written_type(a.type));
    w.str("collation", a.collation);
    w.str("comment", a.comment);
  }
}

void write_range(Writer& w, const std::string& name, const RangeType& r) {
  w.header("[ranges." + toml_key(name) + "]");
  w.field("subtype", toml_string(written_type(r.subtype)));
  w.str("subtype_opclass", r.subtype_opclass);
  w.str("collation", r.collation);
  w.str("subtype_diff", r.subtype_diff);
  if (!r.multirange.empty() && r.multirange != default_multirange_name(name))
    w.field("multirange_type_name", toml_string(r.multirange));
  w.str("comment", r.comment);
}

std::string deferral(const Constraint& c) {
  std::string out;
  if (c.deferrable) out += ", deferrable = true";
  if (c.initially_deferred) out += ", initially_deferred = true";
  return out;
}

void write_constraint(Writer& w, const std::string& prefix, const std::string& table,
                      const Constraint& c) {
  switch (c.kind) {
    case ConstraintKind::primary_key:
      break;  // written with the table
    case ConstraintKind::unique:
      w.header("[[" + prefix + ".unique]]");
      w.field("columns", string_array(c.columns));
      if (!default_name(c.name, table, c.columns, "key")) w.str("name", c.name);
      w.flag("nulls_not_distinct", c.nulls_not_distinct);
      if (!c.include.empty()) w.field("include", string_array(c.include));
      w.flag("deferrable", c.deferrable);
      w.flag("initially_deferred", c.initially_deferred);
      w.str("comment", c.comment);
      break;
    case ConstraintKind::foreign_key: {
      w.header("[[" + prefix + ".foreign_keys]]");
      w.field("columns", string_array(c.columns));
      std::string target = "{ ";
      if (!c.references.schema.empty())
        target += "schema = " + toml_string(c.references.schema) + ", ";
      target += "table = " + toml_string(c.references.table) +
                ", columns = " + string_array(c.references.columns) + " }";
      w.field("references", target);
      if (!default_name(c.name, table, c.columns, "fkey")) w.str("name", c.name);
      if (c.on_delete != "no action") w.str("on_delete", c.on_delete);
      if (c.on_update != "no action") w.str("on_update", c.on_update);
      if (c.match != "simple") w.str("match", c.match);
      w.flag("deferrable", c.deferrable);
      w.flag("initially_deferred", c.initially_deferred);
      w.flag("not_valid", c.not_valid);
      w.str("comment", c.comment);
      break;
    }
    case ConstraintKind::check:
      w.header("[[" + prefix + ".checks]]");
      if (!c.name.empty()) w.str("name", c.name);
      w.str("expression", c.expression);
      w.flag("not_valid", c.not_valid);
      w.flag("no_inherit", c.no_inherit);
      w.str("comment", c.comment);
      break;
    case ConstraintKind::exclude:
      w.header("[[" + prefix + ".excludes]]");
      if (!c.name.empty()) w.str("name", c.name);
      w.str("definition", c.expression);
      w.flag("deferrable", c.deferrable);
      w.flag("initially_deferred", c.initially_deferred);
      w.str("comment", c.comment);
      break;
  }
}

std::string index_key(const IndexKey& k) {
  const bool plain =
      !k.collation && !k.opclass && !k.descending && !k.nulls_first && k.expression.empty();
  if (plain) return toml_string(k.column);
  std::string out = "{ ";
  out += k.expression.empty() ? "column = " + toml_string(k.column)
                              : "expression = " + toml_string(k.expression);
  if (k.descending) out += ", order = \"desc\"";
  if (k.nulls_first != k.descending)
    out += std::string(", nulls = ") + (k.nulls_first ? "\"first\"" : "\"last\"");
  if (k.opclass) out += ", opclass = " + toml_string(*k.opclass);
  if (k.collation) out += ", collation = " + toml_string(*k.collation);
  return out + " }";
}

void write_index(Writer& w, const std::string& prefix, const std::string& relation,
                 const Index& i) {
  w.header("[[" + prefix + ".indexes]]");
  std::vector<std::string> keys, plain_columns;
  for (const auto& k : i.keys) {
    keys.push_back(index_key(k));
    plain_columns.push_back(k.expression.empty() ? k.column : "expr");
  }
  std::string list = "[";
  for (std::size_t n = 0; n < keys.size(); ++n) list += (n ? ", " : "") + keys[n];
  w.field("columns", list + "]");
  // partition_names belong to the index of that name.
  if (!default_name(i.name, relation, plain_columns, "idx") || !i.partition_names.empty())
    w.str("name", i.name);
  w.flag("unique", i.unique);
  w.flag("nulls_not_distinct", i.nulls_not_distinct);
  if (i.method != "btree") w.str("method", i.method);
  if (!i.include.empty()) w.field("include", string_array(i.include));
  w.str("where", i.where);
  w.str("comment", i.comment);
  if (!i.partition_names.empty()) {
    std::string names;
    for (const auto& [partition, name] : i.partition_names)
      names += (names.empty() ? "{ " : ", ") + toml_key(partition) + " = " + toml_string(name);
    w.field("partition_names", names + " }");
  }
}

void write_table(Writer& w, const Catalog& catalog, const Table& t) {
  const std::string prefix = "tables." + toml_key(t.name);
  w.header("[" + prefix + "]");
  w.str("comment", t.comment);
  w.flag("unlogged", t.unlogged);
  w.str("partition_by", t.partition_by);
  w.str("partition_of", t.partition_of);
  w.str("partition_bound", t.partition_bound);
  write_row_security(w, t);
  const Constraint* pk = nullptr;
  for (const auto& c : t.constraints) {
    if (c.kind == ConstraintKind::primary_key) pk = &c;
  }
  if (pk) {
    const bool plain = (pk->name.empty() || pk->name == t.name + "_pkey") && pk->include.empty() &&
                       !pk->deferrable && !pk->comment;
    if (plain) {
      w.field("primary_key", string_array(pk->columns));
    } else {
      std::string value = "{ columns = " + string_array(pk->columns) +
                          (pk->name.empty() ? std::string() : ", name = " + toml_string(pk->name));
      if (!pk->include.empty()) value += ", include = " + string_array(pk->include);
      value += deferral(*pk);
      if (pk->comment) value += ", comment = " + toml_string(*pk->comment);
      value += " }";
      w.field("primary_key", value);
    }
  }
  for (const auto& c : t.columns) {
    bool in_pk = false;
    if (pk)
      for (const auto& name : pk->columns) in_pk = in_pk || name == c.name;
    write_column(w, prefix, c, in_pk, serial_type(catalog, t.name, c));
  }
  for (const auto& c : t.constraints) write_constraint(w, prefix, t.name, c);
  for (const auto& i : t.indexes) write_index(w, prefix, t.name, i);
  write_triggers(w, prefix, t.triggers);
  write_policies(w, prefix, t.policies);
}

}  // namespace

std::string string_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_string(items[i]);
  return out + "]";
}

std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04X}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string emit_toml(const Catalog& catalog) {
  Writer w;
  if (!catalog.unsupported.empty()) {
    w.line("# recon cannot declare these objects yet; they are left as they are in the database:");
    for (const auto& u : catalog.unsupported) w.line("#   " + u.kind + " " + u.name);
  }
  w.field("schema", toml_string(catalog.schema));
  w.str("comment", catalog.schema_comment);
  if (!catalog.ignored.empty()) w.field("ignore", string_array(catalog.ignored));
  if (!catalog.extensions.empty()) w.field("extensions", string_array(catalog.extensions));
  // Governs privileges, and grants none: said before any table header, where it belongs.
  if (catalog.manages_privileges && catalog.grants.empty() && catalog.default_privileges.empty())
    w.field("grants", "[]");
  for (const auto& [name, c] : catalog.collations) {
    w.header("[collations." + toml_key(name) + "]");
    if (c.provider != "libc") w.str("provider", c.provider);
    w.str("locale", c.locale);
    w.str("lc_ctype", c.lc_ctype);
    if (!c.deterministic) w.field("deterministic", "false");
    w.str("comment", c.comment);
  }
  write_text_search(w, catalog);
  for (const auto& [name, e] : catalog.enums) {
    w.header("[enums." + toml_key(name) + "]");
    w.field("values", string_array(e.values));
    w.str("comment", e.comment);
  }
  for (const auto& [name, d] : catalog.domains) {
    w.header("[domains." + toml_key(name) + "]");
    w.field("type", toml_string(written_type(d.base_type)));
    if (d.not_null) w.field("nullable", "false");
    w.str("default", d.default_expr);
    w.str("collation", d.collation);
    if (!d.checks.empty()) {
      std::string checks = "[";
      for (std::size_t i = 0; i < d.checks.size(); ++i) {
        checks += (i ? ", " : "") + std::string("{ name = ") + toml_string(d.checks[i].name) +
                  ", expression = " + toml_string(d.checks[i].expression) +
                  (d.checks[i].not_valid ? ", not_valid = true" : "") + " }";
      }
      w.field("checks", checks + "]");
    }
    w.str("comment", d.comment);
  }
  for (const auto& [name, r] : catalog.ranges) write_range(w, name, r);
  for (const auto& [name, t] : catalog.composites) write_composite(w, name, t);
  std::set<std::string> serials;  // written as their columns' type
  for (const auto& [name, t] : catalog.tables)
    for (const auto& c : t.columns)
      if (!serial_type(catalog, name, c).empty()) serials.insert(name + "_" + c.name + "_seq");
  for (const auto& [name, s] : catalog.sequences) {
    if (serials.count(name)) continue;
    w.header("[sequences." + toml_key(name) + "]");
    const std::string fields = sequence_fields(without_defaults(s.options));
    for (std::size_t at = 0; at < fields.size();) {
      std::size_t end = fields.find(", ", at);
      w.line(fields.substr(at, end == std::string::npos ? std::string::npos : end - at));
      at = end == std::string::npos ? fields.size() : end + 2;
    }
    w.str("owned_by", s.owned_by);
    w.str("comment", s.comment);
  }
  for (const auto& [name, t] : catalog.tables) write_table(w, catalog, t);
  for (const auto& [name, v] : catalog.views) {
    const std::string prefix = "views." + toml_key(name);
    w.header("[" + prefix + "]");
    w.str("query", v.definition);
    w.flag("materialized", v.materialized);
    w.str("comment", v.comment);
    for (const auto& i : v.indexes) write_index(w, prefix, v.name, i);
    write_triggers(w, prefix, v.triggers);
  }
  write_routines(w, catalog);
  write_aggregates(w, catalog);
  write_privileges(w, catalog);
  return w.out;
}

std::vector<std::string> set_aside_unplannable(Catalog& catalog) {
  std::map<std::string, std::string> why;  // view -> reason
  for (const auto& [name, view] : catalog.views) {
    if (view.uses_unmanaged.empty()) continue;
    std::string list;
    for (const auto& routine : view.uses_unmanaged) list += (list.empty() ? "" : ", ") + routine;
    why[name] = "it calls " + list + ", which recon cannot declare yet";
  }
  // A view reading a view set aside cannot be created either.
  for (bool more = true; more;) {
    more = false;
    for (const auto& [name, view] : catalog.views) {
      if (why.count(name)) continue;
      for (const auto& d : view.depends_on) {
        if (d.schema.empty() && why.count(d.relation)) {
          why[name] = "it reads view " + d.relation + ", which is set aside too";
          more = true;
          break;
        }
      }
    }
  }
  std::vector<std::string> warnings;
  for (const auto& [name, reason] : why) {
    catalog.views.erase(name);
    catalog.ignored.push_back(name);
    warnings.push_back("view " + name + " is listed under `ignore` and left out of the TOML: " +
                       reason + " (recon leaves it alone)");
  }
  std::sort(catalog.ignored.begin(), catalog.ignored.end());
  return warnings;
}

}  // namespace recon::declare
