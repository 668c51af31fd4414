CREATE TABLE t (a integer, b integer);
CREATE INDEX old_index_name ON t (a, b DESC) WHERE a > 1;
