#include "declare/fields.hpp"

#include <algorithm>
#include <cctype>

#include "declare/names.hpp"

namespace recon::declare {
namespace {

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

}  // namespace

Fields::Fields(const toml::table& table, std::string what, const std::vector<std::string>& known,
               const std::string& file, Diagnostics& diagnostics)
    : table_(table),
      what_(std::move(what)),
      context_(what_.empty() ? "at the top level" : "in " + what_),
      file_(file),
      diagnostics_(diagnostics) {
  for (auto&& [key, value] : table_) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
    error(location(file_, key.source()), "unknown key '" + std::string(key.str()) + "' " +
                                             context_ + did_you_mean(key.str(), known));
  }
}

SourceLocation Fields::where() const {
  return location(file_, table_.source());
}

SourceLocation Fields::where(std::string_view key) const {
  const toml::node* node = get(key);
  return node ? at(*node) : where();
}

SourceLocation Fields::at(const toml::node& node) const {
  return location(file_, node.source());
}

void Fields::error(SourceLocation where, std::string message) const {
  diagnostics_.error(std::move(where), std::move(message));
}

void Fields::missing(std::string_view key) const {
  error(where(), "missing required key '" + std::string(key) + "' " + context_);
}

void Fields::wrong_type(std::string_view key, const toml::node& value,
                        std::string_view expected) const {
  error(at(value), "'" + std::string(key) + "' " + context_ + " must be " + std::string(expected) +
                       ", not " + describe_type(value));
}

std::optional<std::string> Fields::text(std::string_view key) const {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (const auto* s = node->as_string()) return s->get();
  wrong_type(key, *node, "a string");
  return std::nullopt;
}

std::optional<Located<std::string>> Fields::located_text(std::string_view key) const {
  auto value = text(key);
  if (!value) return std::nullopt;
  return Located<std::string>{std::move(*value), where(key)};
}

std::optional<std::string> Fields::sql(std::string_view key, SqlShape shape) const {
  auto value = text(key);
  if (value && blank(*value)) {
    error(where(key), "'" + std::string(key) + "' " + context_ + " must not be empty");
    return std::nullopt;
  }
  if (value && !check_sql(*value, where(key), "'" + std::string(key) + "' " + context_, shape))
    return std::nullopt;
  return value;
}

std::string Fields::required_sql(std::string_view key, SqlShape shape) const {
  if (!get(key)) {
    missing(key);
    return {};
  }
  return sql(key, shape).value_or("");
}

bool Fields::check_sql(std::string_view text, const SourceLocation& where, const std::string& label,
                       SqlShape shape) const {
  const auto problem = sql_fragment_problem(text, shape);
  if (problem) error(where, label + " " + *problem);
  return !problem;
}

std::optional<std::string> Fields::comment(std::string_view key) const {
  auto value = text(key);
  if (value && value->empty()) return std::nullopt;
  return value;
}

std::optional<bool> Fields::flag(std::string_view key) const {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (const auto* b = node->as_boolean()) return b->get();
  wrong_type(key, *node, "a boolean");
  return std::nullopt;
}

std::optional<std::int64_t> Fields::integer(std::string_view key) const {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  if (const auto* i = node->as_integer()) return i->get();
  wrong_type(key, *node, "an integer");
  return std::nullopt;
}

std::optional<std::vector<Located<std::string>>> Fields::strings(std::string_view key) const {
  const toml::node* node = get(key);
  if (!node) return std::nullopt;
  const toml::array* array = node->as_array();
  if (!array) {
    wrong_type(key, *node, "an array of strings");
    return std::nullopt;
  }
  std::vector<Located<std::string>> values;
  bool ok = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    if (const auto* s = element.as_string()) {
      values.push_back({s->get(), at(element)});
    } else {
      error(at(element), "element " + std::to_string(i + 1) + " of '" + std::string(key) + "' " +
                             context_ + " must be a string, not " + describe_type(element));
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return values;
}

std::vector<Located<std::string>> Fields::one_or_more(std::string_view key) const {
  const toml::node* node = get(key);
  if (!node) return {};
  if (const auto* s = node->as_string()) return {{s->get(), at(*node)}};
  if (node->is_array()) return strings(key).value_or(std::vector<Located<std::string>>{});
  wrong_type(key, *node, "a string or an array of strings");
  return {};
}

std::optional<std::string> Fields::choice(std::string_view key,
                                          const std::vector<std::string>& valid) const {
  auto value = text(key);
  if (!value) return std::nullopt;
  const std::string keyword = normalize_keyword(*value);
  if (std::find(valid.begin(), valid.end(), keyword) != valid.end()) return keyword;
  error(where(key), "'" + std::string(key) + "' " + context_ + " must be " + list_choices(valid) +
                        ", not '" + *value + "'" + did_you_mean(keyword, valid));
  return std::nullopt;
}

std::string normalize_keyword(std::string_view text) {
  std::string out;
  bool space = false;
  for (unsigned char c : text) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

std::string list_choices(const std::vector<std::string>& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += i + 1 == choices.size() ? " or " : ", ";
    out += "'" + choices[i] + "'";
  }
  return out;
}

std::string describe_element(std::string_view kind, const toml::node& element, std::size_t ordinal,
                             std::string_view owner) {
  std::string out(kind);
  const toml::table* table = element.as_table();
  const toml::node* name = table ? table->get("name") : nullptr;
  if (name && name->is_string() && !name->as_string()->get().empty()) {
    out += " '" + name->as_string()->get() + "'";
  } else {
    out += " #" + std::to_string(ordinal);
  }
  return out + " of " + std::string(owner);
}

void for_each_element(const Fields& fields, std::string_view key, bool strings_too,
                      const std::function<void(const toml::node&, std::size_t)>& visit) {
  const toml::node* node = fields.get(key);
  if (!node) return;
  const std::string expected = strings_too ? "a string or a table" : "a table";
  const toml::array* array = node->as_array();
  if (!array) {
    std::string message = "'" + std::string(key) + "' " + fields.context() +
                          " must be an array of " + (strings_too ? "strings or tables" : "tables") +
                          ", not " + describe_type(*node);
    // [tables.t.columns] instead of [[tables.t.columns]] is the usual way to get here.
    if (node->is_table()) message += " (write [[...]] with double brackets)";
    fields.error(fields.at(*node), std::move(message));
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    if (element.is_table() || (strings_too && element.is_string())) {
      visit(element, i + 1);
      continue;
    }
    fields.error(fields.at(element), "element " + std::to_string(i + 1) + " of '" +
                                         std::string(key) + "' " + fields.context() + " must be " +
                                         expected + ", not " + describe_type(element));
  }
}

std::vector<std::string> read_renamed_from(const Fields& fields) {
  std::vector<std::string> out;
  for (const auto& old : fields.one_or_more("renamed_from")) {
    check_name(old.value, "renamed_from name", old.where, fields.diagnostics());
    out.push_back(old.value);
  }
  return out;
}

void for_each_named_table(const Fields& fields, std::string_view key, const std::string& kind,
                          const std::function<void(const toml::table&, const std::string&,
                                                   const SourceLocation&)>& visit) {
  const toml::node* node = fields.get(key);
  if (!node) return;
  const toml::table* named = node->as_table();
  if (!named) {
    fields.wrong_type(key, *node, "a table of " + std::string(key) + " by name");
    return;
  }
  for (auto&& [name_key, body] : *named) {
    const SourceLocation where = location(fields.file(), name_key.source());
    const std::string name(name_key.str());
    if (!check_name(name, kind + " name", where, fields.diagnostics())) continue;
    const toml::table* table = body.as_table();
    if (!table) {
      fields.error(fields.at(body), kind + " '" + name + "' " + fields.context() +
                                        " must be a table, not " + describe_type(body));
      continue;
    }
    visit(*table, name, where);
  }
}

}  // namespace recon::declare
