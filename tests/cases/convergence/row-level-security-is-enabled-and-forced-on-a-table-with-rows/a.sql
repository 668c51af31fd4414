CREATE TABLE todos (id integer PRIMARY KEY, owner text NOT NULL);
INSERT INTO todos VALUES (1, 'ann'), (2, 'bob');
