CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
COMMENT ON TYPE floatrange IS 'Measured values';
CREATE TYPE name_span AS RANGE (subtype = text, subtype_opclass = text_pattern_ops, collation = "C");
CREATE TYPE inet_r AS RANGE (subtype = inet, multirange_type_name = inet_mr);
CREATE TABLE readings (id integer, span floatrange, spans floatmultirange, names name_span[], nets inet_mr);
