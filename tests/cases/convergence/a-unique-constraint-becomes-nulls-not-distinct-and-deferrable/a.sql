CREATE TABLE t (a integer, CONSTRAINT t_a_key UNIQUE (a));
