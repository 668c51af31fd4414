CREATE TABLE todos (title text, done boolean);
CREATE VIEW open_todos AS SELECT todos.title FROM todos WHERE NOT todos.done;
COMMENT ON VIEW open_todos IS 'What is left to do';
