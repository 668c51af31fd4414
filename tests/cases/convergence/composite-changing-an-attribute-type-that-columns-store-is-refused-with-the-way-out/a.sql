CREATE TYPE address AS (street text, zip character varying(10));
CREATE TYPE person AS (name text, home address);
CREATE TABLE t (id integer, previous address[]);
CREATE TABLE u (who person);
