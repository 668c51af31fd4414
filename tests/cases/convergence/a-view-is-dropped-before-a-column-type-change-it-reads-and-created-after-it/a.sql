CREATE TABLE t (id integer, name text);
CREATE VIEW v AS SELECT id, name FROM t;
CREATE VIEW w AS SELECT id FROM v;
