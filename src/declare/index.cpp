// Indexes of tables and materialized views, and their keys.
#include <algorithm>

#include "declare/keys.hpp"
#include "declare/names.hpp"
#include "declare/read.hpp"

namespace recon::declare {
namespace {

const std::vector<std::string> methods = {"btree", "hash", "gin", "gist", "brin", "spgist"};
const std::vector<std::string> orders = {"asc", "desc"};
const std::vector<std::string> null_orders = {"first", "last"};

IndexKey read_key_table(const Fields& f, const std::string& method, IndexDeclaration& out) {
  IndexKey key;
  const bool has_column = f.get("column") != nullptr;
  const bool has_expression = f.get("expression") != nullptr;
  if (has_column == has_expression)
    f.error(f.where(), f.what() + (has_column ? " has both 'column' and 'expression'"
                                              : " needs 'column' or 'expression'"));
  if (auto column = f.located_text("column")) {
    check_name(column->value, "column name", column->where, f.diagnostics());
    key.column = column->value;
    out.columns.push_back(*column);
  }
  if (has_expression && !has_column) key.expression = f.sql("expression").value_or("");
  key.opclass = f.sql("opclass");
  key.collation = f.sql("collation");
  for (const char* ordering : {"order", "nulls"}) {
    if (f.get(ordering) && method != "btree")
      f.error(f.where(ordering), "'" + std::string(ordering) + "' " + f.context() +
                                     " needs a btree index: " + method + " indexes are unordered");
  }
  key.descending = f.choice("order", orders).value_or("asc") == "desc";
  // Postgres's default: NULLS FIRST for descending keys, NULLS LAST otherwise.
  const auto nulls = f.choice("nulls", null_orders);
  key.nulls_first = nulls ? *nulls == "first" : key.descending;
  return key;
}

void read_keys(const Fields& f, const std::string& method, IndexDeclaration& out) {
  const toml::node* node = f.get("columns");
  if (!node) {
    f.missing("columns");
    return;
  }
  if (node->is_array() && node->as_array()->empty())
    f.error(f.at(*node), "'columns' " + f.context() + " must not be empty");
  for_each_element(f, "columns", true, [&](const toml::node& element, std::size_t ordinal) {
    if (const auto* column = element.as_string()) {
      check_name(column->get(), "column name", f.at(element), f.diagnostics());
      IndexKey key;
      key.column = column->get();
      out.index.keys.push_back(std::move(key));
      out.columns.push_back({column->get(), f.at(element)});
      return;
    }
    const Fields key(*element.as_table(), "key #" + std::to_string(ordinal) + " of " + f.what(),
                     keys::index_key, f.file(), f.diagnostics());
    out.index.keys.push_back(read_key_table(key, method, out));
  });
}

// Postgres refuses these at CREATE INDEX; saying so here points at the key to fix.
void check_method(const Fields& f, const Index& index) {
  if (index.unique && index.method != "btree")
    f.error(f.where("unique"), f.what() + " is unique, but only btree indexes can be unique");
  if (index.nulls_not_distinct && !index.unique)
    f.error(f.where("nulls_not_distinct"),
            "'nulls_not_distinct' " + f.context() + " needs unique = true");
  const bool can_include =
      index.method == "btree" || index.method == "gist" || index.method == "spgist";
  if (!index.include.empty() && !can_include)
    f.error(f.where("include"),
            "'include' " + f.context() + " needs a btree, gist or spgist index");
}

// partition_names = { partition = "name" }: the index's name on a partition where it is not
// the one Postgres gives. The partitions are checked with the tables (validate.cpp).
void read_partition_names(const Fields& f, Index& index) {
  const toml::node* node = f.get("partition_names");
  if (!node) return;
  const toml::table* names = node->as_table();
  if (!names) {
    f.wrong_type("partition_names", *node, "a table of partition = \"index name\"");
    return;
  }
  if (index.name.empty())
    f.error(f.where("partition_names"),
            "'partition_names' " + f.context() + " needs the index's own 'name'");
  for (auto&& [key, name] : *names) {
    const std::string partition(key.str());
    if (!name.is_string()) {
      f.error(f.at(name), "the index name on partition '" + partition + "' in 'partition_names' " +
                              f.context() + " must be a string, not " + describe_type(name));
      continue;
    }
    check_name(name.as_string()->get(), "index name", f.at(name), f.diagnostics());
    index.partition_names[partition] = name.as_string()->get();
  }
}

}  // namespace

IndexDeclaration read_index(const toml::table& body, std::string what, const std::string& file,
                            Diagnostics& diagnostics) {
  const Fields f(body, std::move(what), keys::index, file, diagnostics);
  IndexDeclaration out;
  Index& index = out.index;
  index.where_declared = f.where();
  if (auto name = f.located_text("name")) {
    check_name(name->value, "index name", name->where, diagnostics);
    index.name = name->value;
  }
  index.method = f.choice("method", methods).value_or("btree");
  index.unique = f.flag("unique").value_or(false);
  index.nulls_not_distinct = f.flag("nulls_not_distinct").value_or(false);
  read_keys(f, index.method, out);
  for (auto& column : column_list(f, "include", false)) {
    index.include.push_back(column.value);
    out.columns.push_back(std::move(column));
  }
  index.where = f.sql("where");
  index.comment = f.comment();
  read_partition_names(f, index);
  check_method(f, index);
  return out;
}

}  // namespace recon::declare
