CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION german (provider = icu, locale = 'de-DE');
CREATE COLLATION bytes (provider = libc, locale = 'C');
COMMENT ON COLLATION ci IS 'case-insensitive';
CREATE TABLE people (name text COLLATE ci, city text COLLATE german);
CREATE INDEX people_name ON people (name COLLATE bytes);
