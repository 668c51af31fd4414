CREATE TYPE todo_state AS ENUM ('open', 'done', 'archived');
CREATE TABLE todos (
  state todo_state NOT NULL DEFAULT 'open'::todo_state,
  history todo_state[]
);
