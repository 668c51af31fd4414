CREATE TABLE t (a integer, b text, doc jsonb, tags text[], during tstzrange, at timestamptz);
INSERT INTO t VALUES (1, 'x', '{}', '{}', '[2024-01-01,2024-01-02)', now());
