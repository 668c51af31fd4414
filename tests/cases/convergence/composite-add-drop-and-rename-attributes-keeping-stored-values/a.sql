CREATE TYPE address AS (street text, zip character varying(10), floor integer);
CREATE TABLE t (id integer, home address, previous address[]);
INSERT INTO t VALUES (1, ROW('Main St 1', '12345', 3), ARRAY[ROW('Old St 2', '54321', 4)::address]);
