CREATE TABLE t (a varchar(100));
INSERT INTO t VALUES ('short');
