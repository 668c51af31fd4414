CREATE TYPE state AS ENUM ('open', 'stale', 'done');
CREATE TABLE tasks (id int, s state DEFAULT 'open');
CREATE TABLE notes (id int, s state);
INSERT INTO tasks VALUES (1, 'open');
INSERT INTO notes VALUES (1, 'stale');
