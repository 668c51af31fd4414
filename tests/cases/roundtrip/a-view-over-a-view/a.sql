CREATE TABLE t (x integer);
CREATE VIEW v1 AS SELECT x, x * 2 AS doubled FROM t;
CREATE VIEW v2 AS SELECT doubled FROM v1 WHERE x > 0;
