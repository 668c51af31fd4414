CREATE TABLE todos (id integer PRIMARY KEY, title text, updated_at timestamptz);
INSERT INTO todos VALUES (1, 'a', NULL);
