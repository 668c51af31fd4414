CREATE TABLE a (id integer, x integer);
CREATE VIEW v AS SELECT id, NULL::integer FROM a UNION VALUES (1, 2), (3, NULL::integer);
