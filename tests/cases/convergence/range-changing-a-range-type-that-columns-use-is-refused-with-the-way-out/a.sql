CREATE TYPE span AS RANGE (subtype = integer);
CREATE TABLE t (id integer, s span, many span_multirange);
