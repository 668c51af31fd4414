CREATE TABLE todos (id integer PRIMARY KEY, title varchar(10), gone text,
                    twice integer GENERATED ALWAYS AS (id * 2) STORED);
INSERT INTO todos (id, title, gone) VALUES (1, 'write', 'x');
