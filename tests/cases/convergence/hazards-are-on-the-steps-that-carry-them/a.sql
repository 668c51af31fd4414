CREATE TABLE t (id integer, gone text, maybe text);
CREATE TABLE dropped (x integer);
