CREATE TABLE t (a integer, b integer, total integer GENERATED ALWAYS AS (a + b) STORED);
INSERT INTO t (a, b) VALUES (2, 3);
