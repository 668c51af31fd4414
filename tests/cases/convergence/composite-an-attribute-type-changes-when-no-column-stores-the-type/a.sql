CREATE TYPE address AS (street text, zip character varying(10), floor integer);
CREATE TABLE t (id integer);
