CREATE TABLE t (a integer);
INSERT INTO t VALUES (1), (2);
