CREATE TABLE t (a integer, b integer, CONSTRAINT old_ab UNIQUE (a, b));
