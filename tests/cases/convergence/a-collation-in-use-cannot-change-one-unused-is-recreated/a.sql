CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION spare (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE t (name text COLLATE ci);
