CREATE TABLE t (a integer, b integer);
ALTER TABLE t ADD CHECK (a > 0);
