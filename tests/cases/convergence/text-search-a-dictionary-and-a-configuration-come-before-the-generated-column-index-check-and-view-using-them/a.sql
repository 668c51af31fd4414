CREATE TABLE docs (id integer PRIMARY KEY, body text NOT NULL);
INSERT INTO docs VALUES (1, 'The quick foxes jumped'), (2, 'Running with 42 dogs');
