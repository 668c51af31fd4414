CREATE TABLE nodes (id int PRIMARY KEY, next_id int);
ALTER TABLE nodes ADD CONSTRAINT nodes_next_fk FOREIGN KEY (next_id) REFERENCES nodes (id)
  DEFERRABLE INITIALLY DEFERRED;
COMMENT ON CONSTRAINT nodes_next_fk ON nodes IS 'The next node in the ring';
