CREATE UNLOGGED TABLE cache (key text NOT NULL, value bytea);
