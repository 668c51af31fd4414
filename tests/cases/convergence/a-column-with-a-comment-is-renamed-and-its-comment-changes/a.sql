CREATE TABLE t (a integer);
COMMENT ON COLUMN t.a IS 'old';
