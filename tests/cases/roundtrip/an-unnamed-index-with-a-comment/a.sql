CREATE TABLE t (a integer);
CREATE INDEX ON t (a);
COMMENT ON INDEX t_a_idx IS 'by a';
