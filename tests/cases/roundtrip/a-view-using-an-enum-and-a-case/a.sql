CREATE TYPE state AS ENUM ('open', 'done');
CREATE TABLE tasks (state state);
CREATE VIEW task_labels AS
  SELECT CASE WHEN tasks.state = 'done'::state THEN 'Done!'::text ELSE 'Todo'::text END AS label
  FROM tasks;
