CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (p_id integer REFERENCES p);
COMMENT ON CONSTRAINT c_p_id_fkey ON c IS 'to p';
