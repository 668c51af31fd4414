CREATE TABLE t (n integer, other text);
CREATE VIEW v1 AS SELECT n, other FROM t;
CREATE VIEW v2 AS SELECT n * 2 AS doubled FROM v1;
CREATE VIEW v3 AS SELECT doubled FROM v2 WHERE doubled > 0;
CREATE VIEW unrelated AS SELECT other FROM t;
COMMENT ON VIEW v3 IS 'The top view';
