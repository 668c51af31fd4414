CREATE TABLE t (a integer, b integer);
CREATE VIEW v AS SELECT a, b FROM t;
