// Sequences, and the sequence options that identity columns share with them.
#include <algorithm>
#include <array>

#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

// Postgres checks these when it creates the sequence; catching them here gives a line number.
void check_options(const Fields& f, const SequenceOptions& o) {
  if (o.increment == 0)
    f.error(f.where("increment"), "'increment' " + f.context() + " must not be zero");
  if (o.cache && *o.cache < 1)
    f.error(f.where("cache"), "'cache' " + f.context() + " must be at least 1");
  if (o.min_value && o.max_value && *o.min_value >= *o.max_value)
    f.error(f.where("min"), "'min' (" + std::to_string(*o.min_value) + ") " + f.context() +
                                " must be less than 'max' (" + std::to_string(*o.max_value) + ")");
  if (o.start && o.min_value && *o.start < *o.min_value)
    f.error(f.where("start"), "'start' (" + std::to_string(*o.start) + ") " + f.context() +
                                  " is below 'min' (" + std::to_string(*o.min_value) + ")");
  if (o.start && o.max_value && *o.start > *o.max_value)
    f.error(f.where("start"), "'start' (" + std::to_string(*o.start) + ") " + f.context() +
                                  " is above 'max' (" + std::to_string(*o.max_value) + ")");
}

void read_owner(const Fields& f, Sequence& sequence, Declaration& out) {
  auto owner = f.located_text("owned_by");
  if (!owner) return;
  // Split at the last dot: table names with dots are rarer than column names with dots.
  const std::string& text = owner->value;
  const auto dot = text.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size()) {
    f.error(owner->where,
            "'owned_by' " + f.context() + " must be \"table.column\", not '" + text + "'");
    return;
  }
  sequence.owned_by = text;
  out.owned_by.push_back({sequence.name, text.substr(0, dot), text.substr(dot + 1), owner->where});
}

}  // namespace

bool is_integer_type(std::string_view type) {
  static const std::array<std::string_view, 7> names = {"smallint", "integer", "bigint", "int",
                                                        "int2",     "int4",    "int8"};
  std::string keyword = normalize_keyword(type);
  if (keyword.starts_with("pg_catalog.")) keyword.erase(0, 11);
  return std::find(names.begin(), names.end(), keyword) != names.end();
}

SequenceOptions read_sequence_options(const Fields& f) {
  SequenceOptions options;
  if (auto type = f.located_text("type")) {
    if (is_integer_type(type->value))
      options.data_type = type->value;
    else
      f.error(type->where, "'type' " + f.context() + " must be smallint, integer or bigint, not '" +
                               type->value + "'");
  }
  options.start = f.integer("start");
  options.increment = f.integer("increment");
  options.min_value = f.integer("min");
  options.max_value = f.integer("max");
  options.cache = f.integer("cache");
  options.cycle = f.flag("cycle");
  check_options(f, options);
  return options;
}

void read_sequence(const Named& named, const std::string& file, Declaration& out,
                   Diagnostics& diagnostics) {
  const Fields f(named.body, "sequence '" + named.name + "'", keys::sequence, file, diagnostics);
  Sequence sequence;
  sequence.name = named.name;
  sequence.where = named.where;
  sequence.options = read_sequence_options(f);
  sequence.comment = f.comment();
  read_owner(f, sequence, out);
  out.catalog.sequences.emplace(named.name, std::move(sequence));
}

}  // namespace recon::declare
