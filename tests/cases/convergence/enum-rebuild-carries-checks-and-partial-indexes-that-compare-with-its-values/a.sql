CREATE TYPE state AS ENUM ('open', 'stale', 'done');
CREATE TABLE tasks (
  id int,
  s state CONSTRAINT not_stale CHECK (s <> 'stale'),
  t state CONSTRAINT t_set CHECK (t IS DISTINCT FROM 'done')
);
CREATE INDEX tasks_open ON tasks (id) WHERE s = 'open';
COMMENT ON INDEX tasks_open IS 'the open ones';
CREATE INDEX tasks_done ON tasks (id) WHERE t = 'done';
INSERT INTO tasks VALUES (1, 'open', 'open'), (2, 'done', NULL);
