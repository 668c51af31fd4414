CREATE FUNCTION normalized_email(address text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
  AS $$SELECT lower(address)$$;
CREATE TABLE users (id integer PRIMARY KEY, email text CHECK (email = normalized_email(email)));
CREATE INDEX users_email_idx ON users (normalized_email(email));
CREATE VIEW user_emails AS SELECT id, normalized_email(email) AS email FROM users;
INSERT INTO users VALUES (1, 'a@b');
