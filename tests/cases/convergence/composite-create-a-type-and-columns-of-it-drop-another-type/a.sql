CREATE TYPE gone AS (x integer, y text);
CREATE TABLE t (id integer);
INSERT INTO t VALUES (1);
