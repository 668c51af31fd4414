CREATE TABLE t (a integer, b text, doc jsonb, during tstzrange, at timestamptz);
CREATE INDEX ON t (a DESC NULLS LAST, b);
CREATE UNIQUE INDEX ON t (a) INCLUDE (b) WHERE a > 0;
CREATE INDEX ON t (lower(b));
CREATE INDEX ON t USING hash (b);
CREATE INDEX ON t USING gin (doc jsonb_path_ops);
CREATE INDEX ON t USING gist (during);
CREATE INDEX ON t USING brin (at);
