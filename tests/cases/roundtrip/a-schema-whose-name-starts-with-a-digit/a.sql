CREATE TYPE "00_personal_todo".todo_state AS ENUM ('open', 'done');
CREATE TABLE "00_personal_todo".todos (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  state "00_personal_todo".todo_state DEFAULT 'open'
);
CREATE INDEX ON "00_personal_todo".todos (state);
CREATE VIEW "00_personal_todo".open_todos AS
  SELECT id FROM "00_personal_todo".todos WHERE state = 'open';
