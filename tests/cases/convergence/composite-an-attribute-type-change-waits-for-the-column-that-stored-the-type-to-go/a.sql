CREATE TYPE address AS (street text, zip character varying(10));
CREATE TABLE t (id integer, home address);
