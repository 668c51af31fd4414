CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TYPE "Point 2D" AS (x double precision, y double precision);
CREATE TYPE address AS (street text COLLATE "C", zip character varying(10), at "Point 2D", feeling mood);
COMMENT ON TYPE address IS 'A postal address';
COMMENT ON COLUMN address.zip IS 'Without spaces';
CREATE TYPE nothing AS ();
CREATE TABLE person (id integer PRIMARY KEY, home address, previous address[], here "Point 2D" NOT NULL);
