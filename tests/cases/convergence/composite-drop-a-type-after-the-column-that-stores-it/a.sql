CREATE TYPE address AS (street text COLLATE "C", zip character varying(10));
COMMENT ON TYPE address IS 'A postal address';
CREATE TABLE t (id integer, home address, previous address[]);
INSERT INTO t VALUES (1, ROW('Main St 1', '12345'), ARRAY[ROW('Old St 2', '54321')::address]);
