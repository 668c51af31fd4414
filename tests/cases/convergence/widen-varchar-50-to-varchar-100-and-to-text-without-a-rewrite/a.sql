CREATE TABLE t (a varchar(50), b varchar(50));
INSERT INTO t VALUES ('x', 'y');
