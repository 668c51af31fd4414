CREATE TABLE lookups (key text, value text, PRIMARY KEY (key) INCLUDE (value));
COMMENT ON CONSTRAINT lookups_pkey ON lookups IS 'The lookup key';
