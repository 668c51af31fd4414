CREATE TABLE people (id integer, fullname text);
INSERT INTO people VALUES (1, 'Ada');
