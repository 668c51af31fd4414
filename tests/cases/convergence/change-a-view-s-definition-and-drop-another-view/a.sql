CREATE TABLE t (a integer, b integer);
CREATE VIEW v AS SELECT a FROM t;
CREATE VIEW gone AS SELECT b FROM t;
