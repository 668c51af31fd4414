CREATE TYPE address AS (line1 text, zip character varying(10), city text);
COMMENT ON TYPE address IS 'Where someone lives';
COMMENT ON COLUMN address.zip IS 'Postal code';
CREATE TABLE t (id integer, home address);
INSERT INTO t VALUES (1, ROW('Main St 1', '12345', 'Springfield'));
