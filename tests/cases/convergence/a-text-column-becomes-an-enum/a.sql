CREATE TABLE t (state text);
INSERT INTO t VALUES ('open');
