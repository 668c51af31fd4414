CREATE COLLATION spare (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION gone (provider = libc, locale = 'C');
