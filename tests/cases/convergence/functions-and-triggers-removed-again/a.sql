CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;
CREATE FUNCTION normalized_email(address text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$SELECT lower(trim(address))$$;
CREATE FUNCTION _group_concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT $1 || ', ' || $2$$;
CREATE AGGREGATE group_concat(text) (SFUNC = _group_concat, STYPE = text);
CREATE TABLE users (id integer PRIMARY KEY, email text DEFAULT normalized_email('x') CHECK (email = normalized_email(email)), updated_at timestamptz);
CREATE INDEX users_email_idx ON users (normalized_email(email));
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE VIEW emails AS SELECT group_concat(email) AS all FROM users;
INSERT INTO users VALUES (1, 'x', NULL);
