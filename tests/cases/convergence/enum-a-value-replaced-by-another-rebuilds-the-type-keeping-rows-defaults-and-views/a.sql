CREATE TYPE state AS ENUM ('open', 'stale', 'done');
COMMENT ON TYPE state IS 'where a task is';
CREATE TABLE tasks (
  id int PRIMARY KEY,
  s state NOT NULL DEFAULT 'open',
  history state[]
);
CREATE INDEX tasks_s_idx ON tasks (s);
CREATE TABLE other (s state);
CREATE VIEW open_tasks AS SELECT id FROM tasks WHERE s = 'open';
INSERT INTO tasks VALUES (1, 'open', '{open,done}'), (2, 'done', NULL);
INSERT INTO other VALUES ('done');
