CREATE TYPE gone AS RANGE (subtype = date);
CREATE TABLE t (id integer, g gone);
