// One TOML file: syntax, the top-level keys, and the named objects under them.
#include <functional>

#include "declare/declaration.hpp"
#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

// `ignore = [...]`, `extensions = [...]`: a list of names, each checked.
std::optional<Located<std::vector<std::string>>> names_at(const Fields& top, std::string_view key,
                                                          const std::string& what) {
  auto listed = top.strings(key);
  if (!listed) return std::nullopt;
  Located<std::vector<std::string>> names{{}, top.where(key)};
  for (const auto& name : *listed) {
    if (check_name(name.value, what, name.where, top.diagnostics()))
      names.value.push_back(name.value);
  }
  return names;
}

void read_settings(const Fields& top, Declaration& out) {
  if (auto schema = top.located_text("schema")) out.schema = std::move(schema);
  if (top.get("comment")) out.comment = {top.comment().value_or(""), top.where("comment")};
  out.ignore = names_at(top, "ignore", "ignored name");
  out.extensions = names_at(top, "extensions", "extension name");
  if (auto online = top.flag("online")) out.online = Located<bool>{*online, top.where("online")};
  const toml::node* apply = top.get("apply");
  if (!apply) return;
  const toml::table* table = apply->as_table();
  if (!table) {
    top.wrong_type("apply", *apply, "a table");
    return;
  }
  const Fields settings(*table, "[apply]", keys::apply, top.file(), top.diagnostics());
  out.lock_timeout = settings.located_text("lock_timeout");
  if (auto retries = settings.integer("lock_retries")) {
    if (*retries < 0 || *retries > 1000)
      settings.error(settings.where("lock_retries"),
                     "lock_retries must be between 0 and 1000, not " + std::to_string(*retries));
    else
      out.lock_retries = Located<std::int64_t>{*retries, settings.where("lock_retries")};
  }
}

// [tables.NAME], [enums.NAME], ...: a table of named tables.
void for_each_named(const Fields& top, std::string_view key, std::string_view kind,
                    const std::function<void(const Named&)>& visit) {
  const toml::node* node = top.get(key);
  if (!node) return;
  const toml::table* objects = node->as_table();
  if (!objects) {
    top.wrong_type(key, *node, "a table");
    return;
  }
  for (auto&& [name, body] : *objects) {
    const SourceLocation where = location(top.file(), name.source());
    if (!check_name(name.str(), std::string(kind) + " name", where, top.diagnostics())) continue;
    if (const toml::table* table = body.as_table()) {
      visit(Named{std::string(name.str()), where, *table});
    } else {
      top.error(top.at(body), std::string(key) + "." + std::string(name.str()) +
                                  " must be a table, not " + describe_type(body));
    }
  }
}

// libpq passes SQL as C strings, so a NUL would silently cut a name or a statement short:
// reported here once, for every key and string of the file, wherever recon would use it.
void report_nul_characters(const toml::node& node, const std::string& file,
                           Diagnostics& diagnostics) {
  constexpr std::string_view kWhy =
      " contains a NUL character (\\u0000), which Postgres does not accept in names or text";
  if (const toml::table* table = node.as_table()) {
    for (auto&& [key, value] : *table) {
      if (key.str().find('\0') != std::string_view::npos)
        diagnostics.error(location(file, key.source()), "key" + std::string(kWhy));
      report_nul_characters(value, file, diagnostics);
    }
  } else if (const toml::array* array = node.as_array()) {
    for (const toml::node& element : *array) report_nul_characters(element, file, diagnostics);
  } else if (const auto* text = node.as_string()) {
    if (text->get().find('\0') != std::string::npos)
      diagnostics.error(location(file, node.source()), "string" + std::string(kWhy));
  }
}

std::string lower_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] + 32);
  return text;
}

}  // namespace

Declaration read_declaration(std::string_view text, const std::string& file,
                             Diagnostics& diagnostics) {
  Declaration out;
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& error) {
    diagnostics.error(location(file, error.source()),
                      "invalid TOML: " + lower_first(std::string(error.description())));
    return out;
  }
  report_nul_characters(root, file, diagnostics);
  const Fields top(root, "", keys::top, file, diagnostics);
  read_settings(top, out);
  Catalog& catalog = out.catalog;
  for_each_named(top, "collations", "collation",
                 [&](const Named& n) { read_collation(n, file, catalog, diagnostics); });
  for_each_named(top, "enums", "enum",
                 [&](const Named& n) { read_enum(n, file, catalog, diagnostics); });
  for_each_named(top, "domains", "domain",
                 [&](const Named& n) { read_domain(n, file, catalog, diagnostics); });
  for_each_named(top, "composites", "composite type",
                 [&](const Named& n) { read_composite(n, file, catalog, diagnostics); });
  for_each_named(top, "ranges", "range type",
                 [&](const Named& n) { read_range(n, file, catalog, diagnostics); });
  for_each_named(top, "sequences", "sequence",
                 [&](const Named& n) { read_sequence(n, file, out, diagnostics); });
  for_each_named(top, "tables", "table",
                 [&](const Named& n) { read_table(n, file, out, diagnostics); });
  for_each_named(top, "views", "view",
                 [&](const Named& n) { read_view(n, file, catalog, diagnostics); });
  read_routines(top, "functions", catalog);
  read_routines(top, "procedures", catalog);
  read_aggregates(top, catalog);
  read_privileges(top, catalog);
  return out;
}

void Declaration::use_columns(const std::string& table,
                              const std::vector<Located<std::string>>& columns,
                              const std::string& user) {
  for (const auto& column : columns) column_uses.push_back({table, column, user});
}

}  // namespace recon::declare
