CREATE TABLE t (id integer, name text);
CREATE MATERIALIZED VIEW m AS SELECT id, name FROM t;
CREATE UNIQUE INDEX m_id_idx ON m (id);
