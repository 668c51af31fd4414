CREATE TABLE old_items (id integer PRIMARY KEY, name text);
CREATE INDEX ON old_items (name);
INSERT INTO old_items VALUES (1, 'a'), (2, 'b');
