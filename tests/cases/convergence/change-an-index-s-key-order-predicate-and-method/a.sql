CREATE TABLE t (a integer, b text);
CREATE INDEX t_a ON t (a);
CREATE INDEX t_b ON t (b) WHERE b <> '';
CREATE INDEX t_b_hash ON t USING btree (b);
