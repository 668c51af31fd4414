CREATE DOMAIN gone AS integer;
CREATE TABLE t (id integer);
