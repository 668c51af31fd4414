CREATE TABLE t (id integer, name varchar(20));
CREATE VIEW v AS SELECT id, name FROM t;
INSERT INTO t VALUES (1, 'a');
