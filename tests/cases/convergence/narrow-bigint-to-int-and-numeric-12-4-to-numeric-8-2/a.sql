CREATE TABLE t (n bigint, m numeric(12,4));
INSERT INTO t VALUES (5, 1.25);
