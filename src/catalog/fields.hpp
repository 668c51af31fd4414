// Every field of every Catalog struct, listed once. The serializers (canonical text and
// fingerprint, the snapshot codec, the JSON form of the normalize cache) are written against
// these lists, so that a new field is added here and nowhere else; tests/unit/fields_test.cpp
// changes each field in turn and checks that every serializer notices.
//
// visit_fields(record, v) calls v(name, field, use) for each field in declaration order, for a
// const or a mutable record. `name` is the member's name; `use` says how the field takes part:
// a Use, or kHint for a declaration's hints (renames, source locations), which no serialized
// form holds. Serializers call visit_serialized, which leaves the hints out.
#pragma once

#include <concepts>
#include <map>
#include <optional>
#include <type_traits>
#include <vector>

#include "catalog/catalog.hpp"

namespace recon {

enum class Role {
  canonical,  // part of the canonical form (and so of the fingerprint)
  stored,     // kept by the snapshot and the JSON form, left out of the canonical form
};

enum class Order {
  as_is,   // the order means something (a table's columns, an index's keys)
  sorted,  // a set: canonicalize() and the canonical form sort it (sorts_before)
  unique,  // sorted, and duplicates dropped
};

struct Use {
  Role role = Role::canonical;
  // False when the record's kind does not use the field (a check constraint's columns): the
  // canonical form leaves it out; the snapshot keeps it all the same.
  bool relevant = true;
  Order order = Order::as_is;
  // The canonical form's key when it is not the member's name; "a.b" nests b in object a.
  const char* key = nullptr;
};

inline constexpr Use kStored{.role = Role::stored};
// The routines an object calls (Column::calls and the like): found by introspection.
inline constexpr Use kCalls{.role = Role::stored, .order = Order::unique};

// A hint is a type of its own: serializers skip it at compile time (a SourceLocation has no
// serialized form).
struct Hint {};
inline constexpr Hint kHint{};

template <typename T, typename U>
concept FieldsOf = std::same_as<std::remove_const_t<T>, U>;

template <FieldsOf<SequenceOptions> T, typename V>
void visit_fields(T& s, V&& v) {
  v("data_type", s.data_type, Use{.key = "type"});
  v("start", s.start, Use{});
  v("increment", s.increment, Use{});
  v("min_value", s.min_value, Use{.key = "min"});
  v("max_value", s.max_value, Use{.key = "max"});
  v("cache", s.cache, Use{});
  v("cycle", s.cycle, Use{});
}

template <FieldsOf<Column> T, typename V>
void visit_fields(T& c, V&& v) {
  const bool identity = c.identity != Identity::none;
  v("name", c.name, Use{});
  v("type", c.type, Use{});
  v("not_null", c.not_null, Use{});
  v("default_expr", c.default_expr, Use{.key = "default"});
  v("identity", c.identity, Use{.relevant = identity, .key = "identity.kind"});
  v("identity_options", c.identity_options, Use{.relevant = identity, .key = "identity.options"});
  v("generated", c.generated, Use{});
  v("collation", c.collation, Use{});
  v("comment", c.comment, Use{});
  v("calls", c.calls, kCalls);
  v("text_search_configs", c.text_search_configs, kCalls);
  v("renamed_from", c.renamed_from, kHint);
  v("where", c.where, kHint);
}

template <FieldsOf<ForeignKeyTarget> T, typename V>
void visit_fields(T& r, V&& v) {
  v("schema", r.schema, Use{});
  v("table", r.table, Use{});
  v("columns", r.columns, Use{});
}

// Which of a constraint's fields its kind uses.
inline bool has_key_columns(ConstraintKind kind) {
  return kind == ConstraintKind::primary_key || kind == ConstraintKind::unique;
}

template <FieldsOf<Constraint> T, typename V>
void visit_fields(T& k, V&& v) {
  const bool key = has_key_columns(k.kind);
  const bool fk = k.kind == ConstraintKind::foreign_key;
  const bool check = k.kind == ConstraintKind::check;
  v("name", k.name, Use{});
  v("kind", k.kind, Use{});
  v("columns", k.columns, Use{.relevant = key || fk});
  v("nulls_not_distinct", k.nulls_not_distinct, Use{.relevant = key});
  v("include", k.include, Use{.relevant = key});
  v("references", k.references, Use{.relevant = fk});
  v("on_delete", k.on_delete, Use{.relevant = fk});
  v("on_update", k.on_update, Use{.relevant = fk});
  v("match", k.match, Use{.relevant = fk});
  v("expression", k.expression, Use{.relevant = check || k.kind == ConstraintKind::exclude});
  v("no_inherit", k.no_inherit, Use{.relevant = check});
  v("deferrable", k.deferrable, Use{});
  v("initially_deferred", k.initially_deferred, Use{});
  v("not_valid", k.not_valid, Use{});
  v("comment", k.comment, Use{});
  v("calls", k.calls, kCalls);
  v("text_search_configs", k.text_search_configs, kCalls);
  v("where", k.where, kHint);
}

template <FieldsOf<IndexKey> T, typename V>
void visit_fields(T& k, V&& v) {
  v("column", k.column, Use{});
  v("expression", k.expression, Use{});
  v("collation", k.collation, Use{});
  v("opclass", k.opclass, Use{});
  v("descending", k.descending, Use{});
  v("nulls_first", k.nulls_first, Use{});
}

template <FieldsOf<Index> T, typename V>
void visit_fields(T& i, V&& v) {
  v("name", i.name, Use{});
  v("method", i.method, Use{});
  v("unique", i.unique, Use{});
  v("nulls_not_distinct", i.nulls_not_distinct, Use{});
  v("keys", i.keys, Use{});
  v("include", i.include, Use{});
  v("where", i.where, Use{});
  v("comment", i.comment, Use{});
  v("calls", i.calls, kCalls);
  v("text_search_configs", i.text_search_configs, kCalls);
  // Only when there are some: fingerprints of indexes named by Postgres stay what they were.
  v("partition_names", i.partition_names, Use{.relevant = !i.partition_names.empty()});
  v("where_declared", i.where_declared, kHint);
}

template <FieldsOf<Trigger> T, typename V>
void visit_fields(T& t, V&& v) {
  v("name", t.name, Use{});
  v("timing", t.timing, Use{});
  v("events", t.events, Use{.order = Order::unique});
  v("columns", t.columns, Use{});
  v("for_each_row", t.for_each_row, Use{});
  v("function_schema", t.function_schema, Use{});
  v("function", t.function, Use{});
  v("arguments", t.arguments, Use{});
  v("when", t.when, Use{});
  v("old_table", t.old_table, Use{});
  v("new_table", t.new_table, Use{});
  v("constraint", t.constraint, Use{});
  v("deferrable", t.deferrable, Use{.relevant = t.constraint});
  v("initially_deferred", t.initially_deferred, Use{.relevant = t.constraint});
  v("enabled", t.enabled, Use{});
  v("comment", t.comment, Use{});
  v("where", t.where, kHint);
}

template <FieldsOf<ViewDependency> T, typename V>
void visit_fields(T& d, V&& v) {
  v("schema", d.schema, Use{});
  v("relation", d.relation, Use{});
  v("column", d.column, Use{});
}

template <FieldsOf<Policy> T, typename V>
void visit_fields(T& p, V&& v) {
  v("name", p.name, Use{});
  v("permissive", p.permissive, Use{});
  v("command", p.command, Use{});
  v("roles", p.roles, Use{.order = Order::unique});
  v("using_expr", p.using_expr, Use{.key = "using"});
  v("with_check", p.with_check, Use{});
  v("comment", p.comment, Use{});
  v("calls", p.calls, kCalls);
  v("depends_on", p.depends_on, Use{.role = Role::stored, .order = Order::unique});
  v("renamed_from", p.renamed_from, kHint);
  v("where", p.where, kHint);
}

template <FieldsOf<Table> T, typename V>
void visit_fields(T& t, V&& v) {
  v("name", t.name, Use{});
  v("columns", t.columns, Use{});
  v("constraints", t.constraints, Use{.order = Order::sorted});
  v("indexes", t.indexes, Use{.order = Order::sorted});
  v("unlogged", t.unlogged, Use{});
  v("comment", t.comment, Use{});
  v("partition_by", t.partition_by, Use{});
  v("partition_of", t.partition_of, Use{});
  v("partition_bound", t.partition_bound, Use{});
  // Only when there are some: fingerprints of tables without triggers stay what they were.
  v("triggers", t.triggers, Use{.relevant = !t.triggers.empty(), .order = Order::sorted});
  // Only when set, like triggers: fingerprints of tables without row-level security stay.
  v("row_security", t.row_security, Use{.relevant = t.row_security});
  v("force_row_security", t.force_row_security, Use{.relevant = t.force_row_security});
  v("policies", t.policies, Use{.relevant = !t.policies.empty(), .order = Order::sorted});
  v("renamed_from", t.renamed_from, kHint);
  v("where", t.where, kHint);
}

template <FieldsOf<EnumType> T, typename V>
void visit_fields(T& e, V&& v) {
  v("name", e.name, Use{});
  v("values", e.values, Use{});
  v("comment", e.comment, Use{});
  v("value_renamed_from", e.value_renamed_from, kHint);
  v("where", e.where, kHint);
}

template <FieldsOf<DomainCheck> T, typename V>
void visit_fields(T& c, V&& v) {
  v("name", c.name, Use{});
  v("expression", c.expression, Use{});
  v("not_valid", c.not_valid, Use{});
}

template <FieldsOf<Domain> T, typename V>
void visit_fields(T& d, V&& v) {
  v("name", d.name, Use{});
  v("base_type", d.base_type, Use{});
  v("not_null", d.not_null, Use{});
  v("default_expr", d.default_expr, Use{.key = "default"});
  v("collation", d.collation, Use{});
  v("checks", d.checks, Use{.order = Order::sorted});
  v("comment", d.comment, Use{});
  v("calls", d.calls, kCalls);
  v("where", d.where, kHint);
}

template <FieldsOf<CompositeAttribute> T, typename V>
void visit_fields(T& a, V&& v) {
  v("name", a.name, Use{});
  v("type", a.type, Use{});
  v("collation", a.collation, Use{});
  v("comment", a.comment, Use{});
  v("renamed_from", a.renamed_from, kHint);
  v("where", a.where, kHint);
}

template <FieldsOf<CompositeType> T, typename V>
void visit_fields(T& t, V&& v) {
  v("name", t.name, Use{});
  v("attributes", t.attributes, Use{});
  v("comment", t.comment, Use{});
  v("where", t.where, kHint);
}

template <FieldsOf<RangeType> T, typename V>
void visit_fields(T& r, V&& v) {
  v("name", r.name, Use{});
  v("subtype", r.subtype, Use{});
  v("subtype_opclass", r.subtype_opclass, Use{});
  v("collation", r.collation, Use{});
  v("subtype_diff", r.subtype_diff, Use{});
  v("multirange", r.multirange, Use{});
  v("comment", r.comment, Use{});
  v("where", r.where, kHint);
}

template <FieldsOf<Sequence> T, typename V>
void visit_fields(T& s, V&& v) {
  v("name", s.name, Use{});
  v("options", s.options, Use{});
  v("owned_by", s.owned_by, Use{});
  v("comment", s.comment, Use{});
  v("where", s.where, kHint);
}

template <FieldsOf<View> T, typename V>
void visit_fields(T& w, V&& v) {
  v("name", w.name, Use{});
  v("definition", w.definition, Use{});
  v("materialized", w.materialized, Use{});
  v("indexes", w.indexes, Use{.order = Order::sorted});
  v("comment", w.comment, Use{});
  v("depends_on", w.depends_on, Use{.role = Role::stored, .order = Order::unique});
  v("uses_unmanaged", w.uses_unmanaged, Use{.role = Role::stored, .order = Order::sorted});
  v("calls", w.calls, kCalls);
  v("text_search_configs", w.text_search_configs, kCalls);
  v("triggers", w.triggers, Use{.relevant = !w.triggers.empty(), .order = Order::sorted});
  v("where", w.where, kHint);
}

template <FieldsOf<Routine> T, typename V>
void visit_fields(T& r, V&& v) {
  v("name", r.name, Use{});
  v("procedure", r.procedure, Use{});
  v("arguments", r.arguments, Use{});
  v("returns", r.returns, Use{.relevant = !r.procedure});
  v("language", r.language, Use{});
  v("body", r.body, Use{});
  v("volatility", r.volatility, Use{.relevant = !r.procedure});
  v("strict", r.strict, Use{.relevant = !r.procedure});
  v("security_definer", r.security_definer, Use{});
  v("leakproof", r.leakproof, Use{.relevant = !r.procedure});
  v("parallel", r.parallel, Use{.relevant = !r.procedure});
  v("cost", r.cost, Use{.relevant = !r.procedure});
  v("rows", r.rows, Use{.relevant = !r.procedure});
  v("settings", r.settings, Use{.order = Order::sorted});
  v("comment", r.comment, Use{});
  v("calls", r.calls, kCalls);
  v("created_after", r.created_after, Use{.role = Role::stored, .order = Order::unique});
  v("written_body", r.written_body, kHint);
  v("where", r.where, kHint);
}

template <FieldsOf<Collation> T, typename V>
void visit_fields(T& c, V&& v) {
  v("name", c.name, Use{});
  v("provider", c.provider, Use{});
  v("locale", c.locale, Use{});
  v("lc_ctype", c.lc_ctype, Use{});
  v("deterministic", c.deterministic, Use{});
  v("comment", c.comment, Use{});
  v("where", c.where, kHint);
}

template <FieldsOf<TextSearchDictionary> T, typename V>
void visit_fields(T& d, V&& v) {
  v("name", d.name, Use{});
  v("template_name", d.template_name, Use{.key = "template"});
  v("options", d.options, Use{});
  v("comment", d.comment, Use{});
  v("where", d.where, kHint);
}

template <FieldsOf<TextSearchConfiguration> T, typename V>
void visit_fields(T& c, V&& v) {
  v("name", c.name, Use{});
  v("parser", c.parser, Use{});
  v("mapping", c.mapping, Use{});
  v("comment", c.comment, Use{});
  v("where", c.where, kHint);
}

template <FieldsOf<Aggregate> T, typename V>
void visit_fields(T& a, V&& v) {
  v("name", a.name, Use{});
  v("arguments", a.arguments, Use{});
  v("state_function", a.state_function, Use{});
  v("state_type", a.state_type, Use{});
  v("final_function", a.final_function, Use{});
  v("combine_function", a.combine_function, Use{});
  v("initial_value", a.initial_value, Use{});
  v("parallel", a.parallel, Use{});
  v("comment", a.comment, Use{});
  v("calls", a.calls, kCalls);
  v("where", a.where, kHint);
}

template <FieldsOf<Grant> T, typename V>
void visit_fields(T& g, V&& v) {
  v("on", g.on, Use{});
  v("object", g.object, Use{});
  v("column", g.column, Use{});
  v("role", g.role, Use{});
  v("privilege", g.privilege, Use{});
  v("grantable", g.grantable, Use{});
  v("revoked", g.revoked, Use{});
  v("where", g.where, kHint);
}

template <FieldsOf<DefaultPrivilege> T, typename V>
void visit_fields(T& d, V&& v) {
  v("for_role", d.for_role, Use{});
  v("on", d.on, Use{});
  v("role", d.role, Use{});
  v("privilege", d.privilege, Use{});
  v("grantable", d.grantable, Use{});
  v("where", d.where, kHint);
}

template <FieldsOf<UnsupportedObject> T, typename V>
void visit_fields(T& u, V&& v) {
  v("kind", u.kind, Use{});
  v("name", u.name, Use{});
}

// The schema's own name is not canonical: the same project in another schema (a tenant) has
// the same fingerprint.
template <FieldsOf<Catalog> T, typename V>
void visit_fields(T& c, V&& v) {
  v("schema", c.schema, kStored);
  v("schema_exists", c.schema_exists, kStored);
  v("schema_comment", c.schema_comment, Use{});
  v("tables", c.tables, Use{});
  v("enums", c.enums, Use{});
  v("domains", c.domains, Use{});
  // Only when there are some, like extensions below.
  v("composites", c.composites, Use{.relevant = !c.composites.empty()});
  v("ranges", c.ranges, Use{.relevant = !c.ranges.empty()});
  v("sequences", c.sequences, Use{});
  v("views", c.views, Use{});
  v("routines", c.routines, Use{.relevant = !c.routines.empty()});
  v("aggregates", c.aggregates, Use{.relevant = !c.aggregates.empty()});
  v("collations", c.collations, Use{.relevant = !c.collations.empty()});
  v("text_search_dictionaries", c.text_search_dictionaries,
    Use{.relevant = !c.text_search_dictionaries.empty()});
  v("text_search_configurations", c.text_search_configurations,
    Use{.relevant = !c.text_search_configurations.empty()});
  // Only when there are some: fingerprints of schemas without extensions stay what they were.
  v("extensions", c.extensions, Use{.relevant = !c.extensions.empty(), .order = Order::sorted});
  // Only for a project that governs privileges: fingerprints of the others stay what they were.
  v("manages_privileges", c.manages_privileges, Use{.relevant = c.manages_privileges});
  v("grants", c.grants, Use{.relevant = c.manages_privileges, .order = Order::unique});
  v("default_privileges", c.default_privileges,
    Use{.relevant = c.manages_privileges, .order = Order::unique});
  v("ignored", c.ignored, Use{.role = Role::stored, .order = Order::sorted});
  v("unsupported", c.unsupported, Use{.role = Role::stored, .order = Order::sorted});
}

// A struct with a field list above.
template <typename T>
concept Record = requires(T& t) {
  visit_fields(t, [](const char*, auto&, auto) {});
};

// visit_fields without the hints: f(name, field, use) for what the serialized forms hold.
template <Record T, typename F>
void visit_serialized(T& record, F&& f) {
  visit_fields(record, [&f](const char* name, auto& field, auto use) {
    if constexpr (!std::is_same_v<decltype(use), Hint>) f(name, field, use);
  });
}

// The order of a sorted list: by value when the items have one (strings, view dependencies),
// else by name (constraints, indexes, checks), which sorting keeps stable.
template <typename T>
bool sorts_before(const T& a, const T& b) {
  if constexpr (std::totally_ordered<T>)
    return a < b;
  else if constexpr (requires { a.name < b.name; })
    return a.name < b.name;
  else
    return false;  // no order: no list of these is marked sorted
}

// The containers fields are made of, for serializers that write each its own way.
template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};
template <typename T>
struct IsMap : std::false_type {};
template <typename K, typename T>
struct IsMap<std::map<K, T>> : std::true_type {};

}  // namespace recon
