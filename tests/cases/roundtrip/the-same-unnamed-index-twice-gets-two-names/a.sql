CREATE TABLE t (a integer);
CREATE INDEX t_a_idx ON t (a);
CREATE INDEX t_a_idx1 ON t (a DESC);
