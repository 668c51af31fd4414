CREATE DOMAIN code AS varchar(4);
CREATE TABLE t (c code);
INSERT INTO t VALUES ('ab');
